// Prints each model's parts with their bounds (metres) before optimisation, for checking a generator:
//   npx tsx models/inspect.ts [productId]
import { getBounds, getNodeVertexCount, VertexCountMethod } from '@gltf-transform/functions';
import { demoProducts } from '../server/domain/seed';
import { productModels } from './catalog';
import { ModelBuilder } from './lib/builder';
import { lookOf } from './lib/model';
import { closestSurfacePoint } from './lib/surface-distance';

const fmt = (v: number[]) => v.map((n) => n.toFixed(4).padStart(8)).join(' ');
for (const model of productModels) {
  if (process.argv[2] && model.productId !== process.argv[2]) continue;
  const product = demoProducts.find((p) => p.id === model.productId)!;
  const builder = new ModelBuilder(product.id, [...new Set(product.variants.map(lookOf))]);
  model.build(builder);
  for (const node of builder.root.listChildren()) {
    const { min, max } = getBounds(node);
    console.log(`${model.productId.padEnd(20)} ${node.getName().padEnd(14)} min ${fmt(min)}  max ${fmt(max)}  vertices ${getNodeVertexCount(node, VertexCountMethod.UPLOAD)}`);
  }
  for (const hotspot of model.hotspots) {
    console.log(`${model.productId.padEnd(20)} hotspot ${hotspot.id.padEnd(12)} ${(closestSurfacePoint(builder.document, hotspot.position).distance * 1000).toFixed(2)} mm from the surface (the build snaps it)`);
  }
}
