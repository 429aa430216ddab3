import { useState } from 'react';
import type { CheckoutRequest, CheckoutResponse, Me } from '../../../common/api';
import { addressDraftOf, checkAddress, type AddressDraft, type AddressField, type FieldErrors } from '../../lib/forms';
import { ErrorMessage } from '../../lib/ui/ErrorMessage';
import { AddressFieldset } from './AddressFieldset';
import { PlaceOrder } from './PlaceOrder';
import { CheckoutAttempt } from './core';
import { checkoutSessions } from './sessions';
import './checkout.css';

interface Props {
  me: Me | null;
  onPlaced(response: CheckoutResponse): void;
}

/** The delivery address and "Place order". */
export function CheckoutForm({ me, onPlaced }: Props) {
  const saved = me?.user ? me.savedAddress : null;
  const [useSaved, setUseSaved] = useState(saved !== null);
  const [draft, setDraft] = useState<AddressDraft>(() => addressDraftOf(null));
  const [fieldErrors, setFieldErrors] = useState<FieldErrors<AddressField>>({});
  const [placing, setPlacing] = useState(false);
  const [error, setError] = useState<unknown>(null);
  // One attempt for the life of this form: a retry after a lost answer reuses its key.
  const [attempt] = useState(() => new CheckoutAttempt());

  const usingSaved = useSaved && saved !== null;

  const submit = async () => {
    let request: CheckoutRequest;
    if (usingSaved) {
      request = { useSavedAddress: true };
    } else {
      const checked = checkAddress(draft);
      if (!checked.ok) {
        setFieldErrors(checked.errors);
        return;
      }
      setFieldErrors({});
      request = { address: checked.value };
    }
    setPlacing(true);
    setError(null);
    try {
      onPlaced(await checkoutSessions.placeOrder(attempt, request));
    } catch (e) {
      setError(e);
      setPlacing(false);
    }
  };

  return (
    <form
      className="checkout-form"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void submit();
      }}
    >
      <AddressFieldset saved={saved} useSaved={useSaved} onUseSavedChange={setUseSaved} draft={draft} onDraftChange={setDraft} errors={fieldErrors} disabled={placing} />
      {error !== null && <ErrorMessage error={error} />}
      <PlaceOrder placing={placing} testId="place-order" />
    </form>
  );
}
