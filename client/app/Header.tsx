import { Globe, Package, Radio } from 'lucide-react';
import { Link, NavLink } from 'react-router';
import { CartButton } from '../features/cart/CartButton';
import { UserMenu } from '../features/account/UserMenu';
import { isLocale, locales } from '../lib/i18n';
import { useI18n } from '../lib/useI18n';
import { useStore } from '../stores';

function LanguageSwitch() {
  const { locale, t } = useI18n();
  const setLocale = useStore((s) => s.setLocale);
  return (
    <label className="lang-switch">
      <Globe size={18} aria-hidden="true" />
      <span className="visually-hidden">{t('nav.language')}</span>
      <select
        className="lang-switch__select"
        data-testid="lang-switch"
        value={locale}
        onChange={(event) => {
          if (isLocale(event.target.value)) setLocale(event.target.value);
        }}
      >
        {locales.map((l) => (
          <option key={l} value={l} lang={l}>
            {t(`lang.${l}`)}
          </option>
        ))}
      </select>
    </label>
  );
}

export function Header() {
  const { t } = useI18n();
  // Only people who can create shows get the way in; the page itself also says so to anyone else.
  const canHost = useStore((s) => s.me?.user?.role === 'host' || s.me?.user?.role === 'admin');
  return (
    <header className="site-header">
      <div className="site-header__inner">
        <Link to="/" className="logo" aria-label={t('app.name')}>
          <span className="logo__mark" aria-hidden="true" />
          <span className="logo__text">{t('app.name')}</span>
        </Link>
        <nav className="site-nav" aria-label={t('nav.main')}>
          <NavLink to="/" end className="header-link header-link--desktop">
            {t('nav.shop')}
          </NavLink>
          <NavLink to="/orders" className="header-link" data-testid="orders-link" aria-label={t('nav.orders')}>
            <Package size={20} aria-hidden="true" className="header-link__icon--mobile" />
            <span className="header-link__text" aria-hidden="true">
              {t('nav.orders')}
            </span>
          </NavLink>
          {canHost && (
            <NavLink to="/host" className="header-link" data-testid="host-link" aria-label={t('nav.host')}>
              <Radio size={20} aria-hidden="true" className="header-link__icon--mobile" />
              <span className="header-link__text" aria-hidden="true">
                {t('nav.host')}
              </span>
            </NavLink>
          )}
        </nav>
        <div className="site-header__actions">
          <LanguageSwitch />
          <UserMenu />
          <CartButton />
        </div>
      </div>
    </header>
  );
}
