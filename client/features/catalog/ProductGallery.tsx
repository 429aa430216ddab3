import { useState } from 'react';
import { useI18n } from '../../lib/useI18n';

export function ProductGallery({ images, name }: { images: readonly string[]; name: string }) {
  const { t } = useI18n();
  const [index, setIndex] = useState(0);
  const current = images[Math.min(index, images.length - 1)];
  return (
    <div className="gallery">
      <div className="gallery__main">
        {current && <img src={current} alt={t('product.picture', { name, n: index + 1 })} width={800} height={800} />}
      </div>
      {images.length > 1 && (
        <ul className="gallery__thumbs">
          {images.map((src, i) => (
            <li key={src}>
              <button
                type="button"
                className="gallery__thumb"
                aria-label={t('product.showPicture', { n: i + 1 })}
                aria-pressed={i === index}
                onClick={() => setIndex(i)}
              >
                <img src={src} alt="" width={80} height={80} loading="lazy" />
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
