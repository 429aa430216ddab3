// The demo catalog, accounts and shows, written on first start (and by tests).
import { sql } from 'drizzle-orm';
import type { Db } from '../adapters/db';
import { discounts, products, showProducts, shows, stock, users, variants } from '../adapters/db/schema';
import { hashPassword } from './accounts';

interface SeedVariant {
  id: string;
  ja: string;
  en: string;
  color?: string;
  colorHex?: string;
  size?: string;
  price: number;
  stock: number;
}
interface SeedProduct {
  id: string;
  category: string;
  ja: string;
  en: string;
  descJa: string;
  descEn: string;
  tryOn: string | null;
  variants: SeedVariant[];
}

const colors = (base: string, price: number, stockEach: number, list: [string, string, string, string][]): SeedVariant[] =>
  list.map(([slug, ja, en, hex]) => ({ id: `${base}-${slug}`, ja, en, color: en, colorHex: hex, price, stock: stockEach }));

export const demoProducts: SeedProduct[] = [
  {
    id: 'aviator-sunglasses', category: 'eyewear', ja: 'アビエーター サングラス', en: 'Aviator Sunglasses',
    descJa: '軽量メタルフレームにUVカットレンズ。どんな顔にもなじむ定番のティアドロップ型。',
    descEn: 'A light metal frame with UV-blocking lenses. The classic teardrop that suits every face.',
    tryOn: 'face-eyes',
    variants: colors('aviator-sunglasses', 12_800, 40, [['gold', 'ゴールド', 'Gold', '#c9a24a'], ['silver', 'シルバー', 'Silver', '#b8bcc4'], ['black', 'ブラック', 'Black', '#222222']]),
  },
  {
    id: 'round-glasses', category: 'eyewear', ja: 'ラウンド眼鏡', en: 'Round Glasses',
    descJa: 'アセテートの丸いフレーム。ブルーライトカットのクリアレンズ付き。',
    descEn: 'Round acetate frames with clear blue-light lenses.',
    tryOn: 'face-eyes',
    variants: colors('round-glasses', 9_900, 30, [['tortoise', 'べっ甲', 'Tortoise', '#7a4a22'], ['black', 'ブラック', 'Black', '#1d1d1d'], ['clear', 'クリア', 'Clear', '#d8dde3']]),
  },
  {
    id: 'baseball-cap', category: 'hats', ja: 'ベースボールキャップ', en: 'Baseball Cap',
    descJa: 'コットンツイルの6パネルキャップ。後ろのストラップでサイズ調整できます。',
    descEn: 'A six-panel cotton twill cap with an adjustable strap at the back.',
    tryOn: 'head-top',
    variants: colors('baseball-cap', 4_400, 60, [['navy', 'ネイビー', 'Navy', '#1f2a44'], ['red', 'レッド', 'Red', '#c0392b'], ['beige', 'ベージュ', 'Beige', '#d8c3a5']]),
  },
  {
    id: 'bucket-hat', category: 'hats', ja: 'バケットハット', en: 'Bucket Hat',
    descJa: '折りたためるナイロンのバケットハット。撥水加工。',
    descEn: 'A packable nylon bucket hat with a water-repellent finish.',
    tryOn: 'head-top',
    variants: [
      { id: 'bucket-hat-olive-m', ja: 'オリーブ / M', en: 'Olive / M', color: 'Olive', colorHex: '#6b7446', size: 'M', price: 5_500, stock: 25 },
      { id: 'bucket-hat-olive-l', ja: 'オリーブ / L', en: 'Olive / L', color: 'Olive', colorHex: '#6b7446', size: 'L', price: 5_500, stock: 25 },
      { id: 'bucket-hat-black-m', ja: 'ブラック / M', en: 'Black / M', color: 'Black', colorHex: '#202020', size: 'M', price: 5_500, stock: 25 },
      { id: 'bucket-hat-black-l', ja: 'ブラック / L', en: 'Black / L', color: 'Black', colorHex: '#202020', size: 'L', price: 5_500, stock: 25 },
    ],
  },
  {
    id: 'pearl-earrings', category: 'earrings', ja: 'パール ドロップピアス', en: 'Pearl Drop Earrings',
    descJa: '淡水パールが揺れるドロップピアス。金具はサージカルステンレス。',
    descEn: 'Freshwater pearls on a drop; posts in surgical stainless steel.',
    tryOn: 'ear-lobes',
    variants: colors('pearl-earrings', 7_700, 20, [['white', 'ホワイト', 'White', '#f4f1ea'], ['pink', 'ピンク', 'Pink', '#f3d1d4']]),
  },
  {
    id: 'velvet-lipstick', category: 'lipstick', ja: 'ベルベット リップスティック', en: 'Velvet Lipstick',
    descJa: 'なめらかなマット仕上げ。うるおいが続く、にじみにくい処方。',
    descEn: 'A smooth matte finish that stays moist and does not feather.',
    tryOn: 'lips',
    variants: colors('velvet-lipstick', 3_300, 80, [['ruby', 'ルビー', 'Ruby', '#9b111e'], ['coral', 'コーラル', 'Coral', '#e8675c'], ['rose', 'ローズ', 'Rose', '#c0626f'], ['nude', 'ヌード', 'Nude', '#c48f7a']]),
  },
  {
    id: 'field-watch', category: 'watches', ja: 'フィールドウォッチ', en: 'Field Watch',
    descJa: '38mmのステンレスケースに見やすい文字盤。10気圧防水。',
    descEn: 'A 38 mm steel case with a legible dial, water resistant to 100 m.',
    tryOn: 'wrist',
    variants: colors('field-watch', 24_200, 15, [['black-leather', 'ブラック/レザー', 'Black / leather', '#1b1b1b'], ['green-canvas', 'グリーン/キャンバス', 'Green / canvas', '#4b5d3a'], ['steel', 'スチール', 'Steel', '#a7adb5']]),
  },
  {
    id: 'signet-ring', category: 'rings', ja: 'シグネットリング', en: 'Signet Ring',
    descJa: 'シルバー925のシグネットリング。刻印にも対応。',
    descEn: 'A sterling silver signet ring, ready for engraving.',
    tryOn: 'finger',
    variants: ['9', '11', '13', '15'].map((size) => ({ id: `signet-ring-${size}`, ja: `${size}号`, en: `Size ${size}`, color: 'Silver', colorHex: '#c0c0c0', size, price: 8_800, stock: 10 })),
  },
  {
    id: 'pendant-necklace', category: 'necklaces', ja: 'ペンダントネックレス', en: 'Pendant Necklace',
    descJa: '小さなしずく型ペンダント。チェーン45cm。',
    descEn: 'A small teardrop pendant on a 45 cm chain.',
    tryOn: 'neck',
    variants: colors('pendant-necklace', 11_000, 18, [['gold', 'ゴールド', 'Gold', '#d4af37'], ['silver', 'シルバー', 'Silver', '#c0c0c0']]),
  },
  {
    id: 'canvas-sneakers', category: 'sneakers', ja: 'キャンバス スニーカー', en: 'Canvas Sneakers',
    descJa: '軽いキャンバスのローカット。天然ゴムのソール。',
    descEn: 'Light low-top canvas sneakers on a natural rubber sole.',
    tryOn: null,
    variants: ['24', '25', '26', '27', '28'].flatMap((size) => [
      { id: `canvas-sneakers-white-${size}`, ja: `ホワイト / ${size}cm`, en: `White / ${size} cm`, color: 'White', colorHex: '#f5f5f0', size, price: 8_900, stock: 12 },
      { id: `canvas-sneakers-black-${size}`, ja: `ブラック / ${size}cm`, en: `Black / ${size} cm`, color: 'Black', colorHex: '#1e1e1e', size, price: 8_900, stock: 12 },
    ]),
  },
  {
    id: 'pour-over-kettle', category: 'home-kitchen', ja: 'ドリップケトル', en: 'Pour-over Kettle',
    descJa: '細い注ぎ口で湯量を自在に。容量0.9L、IH対応。',
    descEn: 'A gooseneck spout for an even pour. 0.9 L, works on induction.',
    tryOn: null,
    variants: colors('pour-over-kettle', 6_600, 35, [['matte-black', 'マットブラック', 'Matte black', '#2b2b2b'], ['copper', 'コッパー', 'Copper', '#b87333']]),
  },
  {
    id: 'ceramic-mug', category: 'home-kitchen', ja: '陶器のマグカップ', en: 'Ceramic Mug',
    descJa: '手作業で釉薬をかけた美濃焼のマグ。350ml。',
    descEn: 'A hand-glazed Mino ware mug. 350 ml.',
    tryOn: null,
    variants: colors('ceramic-mug', 2_200, 100, [['indigo', '藍', 'Indigo', '#2e3f6e'], ['white', '白', 'White', '#f2efe8'], ['celadon', '青磁', 'Celadon', '#9fc5b0']]),
  },
  {
    id: 'wireless-earbuds', category: 'electronics', ja: 'ワイヤレスイヤホン', en: 'Wireless Earbuds',
    descJa: 'ノイズキャンセリング搭載。ケース込みで最大28時間再生。',
    descEn: 'Noise cancelling, up to 28 hours of play with the case.',
    tryOn: null,
    variants: colors('wireless-earbuds', 14_800, 50, [['white', 'ホワイト', 'White', '#f7f7f7'], ['black', 'ブラック', 'Black', '#151515']]),
  },
  {
    id: 'smart-speaker', category: 'electronics', ja: 'スマートスピーカー', en: 'Smart Speaker',
    descJa: '部屋を満たす360度サウンド。ファブリック仕上げ。',
    descEn: 'Room-filling 360° sound in a fabric finish.',
    tryOn: null,
    variants: colors('smart-speaker', 9_800, 30, [['charcoal', 'チャコール', 'Charcoal', '#3a3a3a'], ['sand', 'サンド', 'Sand', '#d9cbb1']]),
  },
];

export const demoAccounts = {
  host: { email: 'host@live-shop.local', displayName: 'Aiko (host)', role: 'host' as const },
  admin: { email: 'admin@live-shop.local', displayName: 'Admin', role: 'admin' as const },
};

/** Writes the demo data once. Returns false when the database already had it. */
export async function seedDemo(db: Db, demoPassword: string, now = new Date()): Promise<boolean> {
  const [{ n } = { n: 0 }] = await db.select({ n: sql<number>`count(*)::int` }).from(products);
  if (n > 0) return false;
  const passwordHash = await hashPassword(demoPassword);
  await db.transaction(async (tx) => {
    const hostId = 'user-demo-host';
    await tx.insert(users).values([
      { id: hostId, ...demoAccounts.host, passwordHash },
      { id: 'user-demo-admin', ...demoAccounts.admin, passwordHash },
    ]).onConflictDoNothing();
    for (const [position, p] of demoProducts.entries()) {
      await tx.insert(products).values({
        id: p.id,
        category: p.category,
        nameJa: p.ja,
        nameEn: p.en,
        descriptionJa: p.descJa,
        descriptionEn: p.descEn,
        currency: 'JPY',
        images: [`/products/${p.id}.webp`],
        modelUrl: `/models/${p.id}.glb`,
        tryOnAnchor: p.tryOn,
        position,
      });
      await tx.insert(variants).values(
        p.variants.map((v, i) => ({
          id: v.id,
          productId: p.id,
          sku: v.id.toUpperCase(),
          nameJa: v.ja,
          nameEn: v.en,
          options: { color: v.color, colorHex: v.colorHex, size: v.size },
          price: v.price,
          position: i,
        })),
      );
      await tx.insert(stock).values(p.variants.map((v) => ({ variantId: v.id, onHand: v.stock, reserved: 0 })));
    }
    const day = 86_400_000;
    await tx.insert(discounts).values([
      { code: 'WELCOME10', kind: 'percent', value: 10, currency: 'JPY', minSubtotal: 3_000, maxUses: 1_000 },
      { code: 'LIVE500', kind: 'fixed', value: 500, currency: 'JPY', minSubtotal: 2_000, startsAt: new Date(now.getTime() - day), endsAt: new Date(now.getTime() + 30 * day), maxUses: 200 },
    ]);
    const showsToSeed = [
      { id: 'show-summer-eyewear', titleJa: '夏のアイウェア特集', titleEn: 'Summer eyewear special', inHours: 2, products: ['aviator-sunglasses', 'round-glasses', 'baseball-cap', 'bucket-hat'] },
      { id: 'show-gift-ideas', titleJa: 'ギフトにぴったりのアクセサリー', titleEn: 'Gift ideas: accessories', inHours: 26, products: ['pearl-earrings', 'pendant-necklace', 'signet-ring', 'field-watch', 'velvet-lipstick'] },
    ];
    for (const s of showsToSeed) {
      await tx.insert(shows).values({
        id: s.id,
        titleJa: s.titleJa,
        titleEn: s.titleEn,
        hostId,
        cover: `/products/${s.products[0]}.webp`,
        scheduledAt: new Date(now.getTime() + s.inHours * 3_600_000),
      });
      await tx.insert(showProducts).values(s.products.map((productId, position) => ({ showId: s.id, productId, position })));
    }
  });
  return true;
}
