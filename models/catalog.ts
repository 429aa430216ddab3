// Every product's model generator, in seed order.
import type { ProductModel } from './lib/model';
import { aviatorSunglasses } from './products/aviator-sunglasses';
import { baseballCap } from './products/baseball-cap';
import { bucketHat } from './products/bucket-hat';
import { canvasSneakers } from './products/canvas-sneakers';
import { ceramicMug } from './products/ceramic-mug';
import { fieldWatch } from './products/field-watch';
import { pearlEarrings } from './products/pearl-earrings';
import { pendantNecklace } from './products/pendant-necklace';
import { pourOverKettle } from './products/pour-over-kettle';
import { roundGlasses } from './products/round-glasses';
import { signetRing } from './products/signet-ring';
import { smartSpeaker } from './products/smart-speaker';
import { velvetLipstick } from './products/velvet-lipstick';
import { wirelessEarbuds } from './products/wireless-earbuds';

export const productModels: ProductModel[] = [
  aviatorSunglasses, roundGlasses, baseballCap, bucketHat, pearlEarrings, velvetLipstick, fieldWatch,
  signetRing, pendantNecklace, canvasSneakers, pourOverKettle, ceramicMug, wirelessEarbuds, smartSpeaker,
];
