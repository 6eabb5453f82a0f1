import { useState } from 'react';
import { Icon } from '../../app/Icon';

/** The request behind the view, so a script can fetch exactly what the screen shows. */
export function ApiUrlBar({ url }: { url: string }) {
  const [copied, setCopied] = useState(false);

  function copy() {
    void navigator.clipboard?.writeText(url).then(() => {
      setCopied(true);
      window.setTimeout(() => setCopied(false), 1500);
    });
  }

  return (
    <div className="api-url">
      <span className="api-method">GET</span>
      <code data-testid="api-url">{url}</code>
      <button type="button" className="button ghost small" onClick={copy} title="Copy URL">
        <Icon name="copy" size={14} />
        {copied ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
