// What each product's generator file exports: how to build the model and what the manifest says about
// it (alt text, hotspots, parts, the try-on width and the framing of the reset view).
import type { Localized, ModelHotspot, ModelPart, Vec3 } from '../../common/models';
import type { ModelBuilder } from './builder';

export interface ProductModel {
  productId: string;
  /** Builds the parts into the builder; the builder's looks are the product's colours. */
  build(builder: ModelBuilder): void;
  alt: Localized;
  hotspots: ModelHotspot[];
  /** Nodes that spread in the exploded view (node names given to `builder.part`). */
  parts: ModelPart[];
  /** Try-on products: the real size across the body in metres (see ModelAnchor in common/models.ts). */
  anchorWidth?: number;
  /** Where the reset view looks from, as a direction from the model's centre (+Z is the front). */
  view: Vec3;
  /** Framing margin, 1 = the bounding sphere just fits. */
  fill?: number;
}

/** The look (KHR_materials_variants name) of a commerce variant: its colour, as a slug. Sizes of one colour share it. */
export function lookOf(variant: { color?: string }): string {
  return (variant.color ?? 'default').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
}
