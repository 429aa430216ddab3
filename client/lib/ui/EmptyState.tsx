import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

/** Nothing to show (an empty cart, no orders, not found): an icon, a sentence, and where to go instead. */
export function EmptyState({ icon: Icon, text, children }: { icon?: LucideIcon; text: string; children: ReactNode }) {
  return (
    <div className="empty-state">
      {Icon && <Icon size={40} aria-hidden="true" />}
      <p>{text}</p>
      {children}
    </div>
  );
}
