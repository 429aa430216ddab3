import { ChevronLeft } from 'lucide-react';
import { Link } from 'react-router';

/** The "‹ All orders" link at the top of a page that has a parent list. */
export function BackLink({ to, label }: { to: string; label: string }) {
  return (
    <Link to={to} className="back-link">
      <ChevronLeft size={18} aria-hidden="true" />
      {label}
    </Link>
  );
}
