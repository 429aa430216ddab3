// "Place order" and the note under it, for the shop's checkout and a room's: the same button,
// spinner and reservation note wherever an order is placed.
import { Lock } from 'lucide-react';
import { Spinner } from '../../lib/ui/Spinner';
import { useI18n } from '../../lib/useI18n';

export function PlaceOrder({ placing, testId }: { placing: boolean; testId: string }) {
  const { t } = useI18n();
  return (
    <>
      <button type="submit" className="button button--primary button--large button--block" data-testid={testId} disabled={placing}>
        {placing ? <Spinner size={18} label={t('checkout.placing')} /> : <Lock size={18} aria-hidden="true" />}
        {placing ? t('checkout.placing') : t('checkout.placeOrder')}
      </button>
      <p className="checkout-form__note">{t('checkout.reserveNote')}</p>
    </>
  );
}
