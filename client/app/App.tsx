import { createBrowserRouter, RouterProvider } from 'react-router';
import { Layout } from './Layout';
import { AccountPage } from './pages/AccountPage';
import { CheckoutPage } from './pages/CheckoutPage';
import { HomePage } from './pages/HomePage';
import { HostShowsPage } from './pages/HostShowsPage';
import { LoginPage } from './pages/LoginPage';
import { NotFoundPage } from './pages/NotFoundPage';
import { OrderPage } from './pages/OrderPage';
import { OrdersPage } from './pages/OrdersPage';
import { PaymentPage } from './pages/PaymentPage';
import { ProductPage } from './pages/ProductPage';
import { RegisterPage } from './pages/RegisterPage';
import { RoomCheckoutPage } from './pages/RoomCheckoutPage';
import { RoomPage } from './pages/RoomPage';
import { ShowViewerPage } from './pages/ShowViewerPage';
import { StudioPage } from './pages/StudioPage';
import { RouteError } from './RouteError';

const router = createBrowserRouter([
  // The viewer is video first: the whole screen, without the shop's header.
  { path: 'shows/:id', element: <ShowViewerPage />, errorElement: <RouteError /> },
  // A co-shopping room is video first too (the show with friends over it).
  { path: 'rooms/:id', element: <RoomPage />, errorElement: <RouteError /> },
  {
    element: <Layout />,
    errorElement: <RouteError />,
    children: [
      { index: true, element: <HomePage /> },
      { path: 'products/:id', element: <ProductPage /> },
      { path: 'checkout', element: <CheckoutPage /> },
      { path: 'checkout/pay/:orderId', element: <PaymentPage /> },
      { path: 'rooms/:id/checkout', element: <RoomCheckoutPage /> },
      { path: 'orders', element: <OrdersPage /> },
      { path: 'orders/:id', element: <OrderPage /> },
      { path: 'login', element: <LoginPage /> },
      { path: 'register', element: <RegisterPage /> },
      { path: 'account', element: <AccountPage /> },
      { path: 'host', element: <HostShowsPage /> },
      { path: 'studio/:showId', element: <StudioPage /> },
      { path: '*', element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return <RouterProvider router={router} />;
}
