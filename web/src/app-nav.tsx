/** The bar over every page except the wall panel: where else to go, and the theme. */
import { useState } from "preact/hooks";
import { applyTheme, initialTheme, type Theme } from "./theme.js";

const LINKS: ReadonlyArray<[href: string, label: string]> = [
  ["/", "Sets"],
  ["/sets/new", "New set"],
  ["/sources", "Sources"],
  ["/alerts", "Alerts"],
  ["/runs", "Runs"],
];

export function AppNav() {
  const here = location.pathname;
  const [theme, setTheme] = useState<Theme>(() => {
    const t = initialTheme(new URLSearchParams(location.search).get("theme"));
    applyTheme(t, false);
    return t;
  });
  const toggle = () => {
    const next = theme === "dark" ? "light" : "dark";
    applyTheme(next, true);
    setTheme(next);
  };
  return (
    <nav class="app-nav" aria-label="ChannelWatch">
      <a class="app-nav-brand" href="/">
        ChannelWatch
      </a>
      {LINKS.map(([href, label]) => (
        <a key={href} href={href} aria-current={here === href ? "page" : undefined}>
          {label}
        </a>
      ))}
      <a href="/docs">API</a>
      <button type="button" class="app-nav-theme" onClick={toggle} aria-label={`switch to the ${theme === "dark" ? "light" : "dark"} theme`}>
        {theme === "dark" ? "Light" : "Dark"}
      </button>
    </nav>
  );
}
