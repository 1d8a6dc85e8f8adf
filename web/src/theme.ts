/** Dark by default (control rooms are dim); light on request, remembered per browser. */
const KEY = "channelwatch.theme";
export type Theme = "dark" | "light";

export function initialTheme(param: string | null): Theme {
  if (param === "light" || param === "dark") return param;
  return localStorage.getItem(KEY) === "light" ? "light" : "dark";
}

export function applyTheme(theme: Theme, remember: boolean): void {
  document.documentElement.dataset.theme = theme;
  if (remember) localStorage.setItem(KEY, theme);
}
