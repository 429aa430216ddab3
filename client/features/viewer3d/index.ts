// The 3D viewer feature's public face for pages. Light on purpose: three.js and r3f load only
// with the viewer itself (LazyModelViewer).
export { ProductMedia } from './ProductMedia';
export { LiveModelPanel } from './LiveModelPanel';
export { HostDemoPanel } from './HostDemoPanel';
export { useShowDemo, useModelEntry, preloadModel } from './hooks';
export { createDemoFollower, createDemoPublisher, createViewer, applyDemoState, readDemoState, type DemoFollower, type Viewer } from './core';
export { SharedModelView, useSharedView } from './SharedModelView';
export type { SharedView } from './shared';
