import { describe, expect, it } from 'vitest';
import { classifyNavigation, isAllowedNavigation, isExternalUrl, mainWindowOptions, secureWebPreferences } from '../../../src/main/window/window-options';

const origin = 'http://127.0.0.1:43210';

describe('secureWebPreferences', () => {
  const prefs = secureWebPreferences('/app/out/preload/index.cjs');

  it('isolates the page from Node and Electron', () => {
    expect(prefs.contextIsolation).toBe(true);
    expect(prefs.sandbox).toBe(true);
    expect(prefs.nodeIntegration).toBe(false);
    expect(prefs.nodeIntegrationInWorker).toBe(false);
    expect(prefs.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keeps web security on and webviews off', () => {
    expect(prefs.webSecurity).toBe(true);
    expect(prefs.allowRunningInsecureContent).toBe(false);
    expect(prefs.webviewTag).toBe(false);
    expect(prefs.experimentalFeatures).toBe(false);
  });

  it('loads the given preload', () => {
    expect(prefs.preload).toBe('/app/out/preload/index.cjs');
  });

  it('is what the main window is created with', () => {
    const options = mainWindowOptions('/p.cjs', { width: 1000, height: 700 });
    expect(options.webPreferences).toEqual(secureWebPreferences('/p.cjs'));
    expect(options.show).toBe(false);
  });
});

describe('navigation guard', () => {
  it('allows the local server origin only', () => {
    expect(isAllowedNavigation(`${origin}/`, origin)).toBe(true);
    expect(isAllowedNavigation(`${origin}/#/leads?page=2`, origin)).toBe(true);
    expect(isAllowedNavigation(`${origin}/api/docs`, `${origin}/`)).toBe(true);
  });

  it('refuses another port, host or scheme', () => {
    expect(isAllowedNavigation('http://127.0.0.1:43211/', origin)).toBe(false);
    expect(isAllowedNavigation('http://localhost:43210/', origin)).toBe(false);
    expect(isAllowedNavigation('https://127.0.0.1:43210/', origin)).toBe(false);
    expect(isAllowedNavigation('http://127.0.0.1:43210.evil.test/', origin)).toBe(false);
    expect(isAllowedNavigation('http://user@evil.test/', origin)).toBe(false);
  });

  it('refuses non-web and malformed URLs', () => {
    expect(isAllowedNavigation('file:///etc/passwd', origin)).toBe(false);
    expect(isAllowedNavigation('javascript:alert(1)', origin)).toBe(false);
    expect(isAllowedNavigation('data:text/html,hi', origin)).toBe(false);
    expect(isAllowedNavigation('not a url', origin)).toBe(false);
    expect(isAllowedNavigation(`${origin}/`, '')).toBe(false);
  });

  it('sends web, mail and phone links to the OS and denies the rest', () => {
    expect(classifyNavigation(`${origin}/#/tasks`, origin)).toBe('allow');
    expect(classifyNavigation('https://example.com/docs', origin)).toBe('external');
    expect(classifyNavigation('http://example.com/', origin)).toBe('external');
    expect(classifyNavigation('file:///tmp/x.html', origin)).toBe('deny');
    expect(classifyNavigation('mailto:a@example.com', origin)).toBe('external');
    expect(classifyNavigation('tel:+15550100', origin)).toBe('external');
    expect(classifyNavigation('sms:+15550100', origin)).toBe('deny');
    expect(classifyNavigation('javascript:void(0)', origin)).toBe('deny');
    expect(isExternalUrl('ftp://example.com/')).toBe(false);
  });
});
