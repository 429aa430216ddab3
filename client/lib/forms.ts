// Form checks with the contract's own zod schemas, so the browser and the server agree on
// what is valid. Errors come back per field name.
import type { z } from 'zod';
import { addressSchema, type Address } from '../../common/api';

export type FieldErrors<Field extends string> = Partial<Record<Field, true>>;

export type Checked<T, Field extends string> = { ok: true; value: T } | { ok: false; errors: FieldErrors<Field> };

export function checkWith<Schema extends z.ZodType, Field extends string>(
  schema: Schema,
  input: unknown,
): Checked<z.output<Schema>, Field> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const errors: FieldErrors<Field> = {};
  for (const issue of result.error.issues) {
    const field = issue.path[0];
    if (typeof field === 'string') errors[field as Field] = true;
  }
  return { ok: false, errors };
}

export const addressFields = ['name', 'postalCode', 'region', 'city', 'line1', 'line2', 'phone'] as const;
export type AddressField = (typeof addressFields)[number];
export type AddressDraft = Record<AddressField, string>;

export const emptyAddress: AddressDraft = { name: '', postalCode: '', region: '', city: '', line1: '', line2: '', phone: '' };

export function addressDraftOf(address: Address | null | undefined): AddressDraft {
  return address ? { ...emptyAddress, ...address } : { ...emptyAddress };
}

export const checkAddress = (draft: AddressDraft) => checkWith<typeof addressSchema, AddressField>(addressSchema, draft);
