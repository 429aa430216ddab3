// The stylesheets come first so that feature CSS, imported by the components, can build on them.
import './styles/tokens.css';
import './styles/base.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App';
import { startSession } from './stores';

// GET /api/me first: it creates the guest session cookie that the cart belongs to.
void startSession();

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
