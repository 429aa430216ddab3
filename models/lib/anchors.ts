// The try-on anchor conventions of common/models.ts, as the sentences the manifest carries.
import type { TryOnAnchor } from '../../common/api';

export const anchorConventions: Record<TryOnAnchor, string> = {
  'face-eyes': 'Metres, +Y up, +Z forward out of the face; origin at the nose bridge between the lenses; width is the frame width from temple to temple.',
  'head-top': 'Metres, +Y up, +Z forward (the face\'s direction); origin at the top of the head where the crown rests; width is the inner head width.',
  'ear-lobes': 'Metres, +Y up, +Z forward (the face\'s direction); origin at the lobe piercing of the left ear\'s earring, its front facing out of the ear (+X) and the post running into the head (-X); mirror in x for the right ear; width is the drop\'s width.',
  lips: 'No mesh placement: the try-on colours the lip polygon with the variant\'s shade (variants[id].color); width is the bullet\'s diameter.',
  wrist: 'Metres; origin at the centre of the wrist, +X along the forearm towards the hand, +Y out of the back of the hand; width is the case diameter.',
  finger: 'Metres; origin at the centre of the ring, +X along the finger towards its tip, +Y out of the back of the hand; width is the ring\'s outer diameter.',
  neck: 'Metres, +Y up, +Z forward; origin at the front base of the neck (the jugular notch); width is the chain\'s width across the shoulders.',
};
