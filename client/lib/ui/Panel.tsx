import type { LucideIcon } from 'lucide-react';
import type { ReactNode } from 'react';

interface Props {
  /** The title's id; the panel is labelled by it. */
  id: string;
  title: string;
  icon?: LucideIcon;
  as?: 'section' | 'aside';
  className?: string;
  children: ReactNode;
}

/** A card-like region with an h2 title that names it. */
export function Panel({ id, title, icon: Icon, as: Tag = 'section', className = 'panel', children }: Props) {
  return (
    <Tag className={className} aria-labelledby={id}>
      <h2 id={id} className="panel__title">
        {Icon && <Icon size={18} aria-hidden="true" />}
        {title}
      </h2>
      {children}
    </Tag>
  );
}
