/** URL → view. Every view is a shareable URL; the server answers each with index.html (src/server/static-ui.ts). */
import type { ComponentChild } from "preact";
import { AlertsView } from "./alerts/alerts-view.js";
import { AppNav } from "./app-nav.js";
import { ChannelPage } from "./channel/channel-page.js";
import { SetEditor } from "./editor/set-editor.js";
import { PanelView } from "./panel/panel-view.js";
import { RunReportView } from "./runs/run-report-view.js";
import { RunsView } from "./runs/runs-view.js";
import { SetList } from "./set-list.js";
import { SourcesView } from "./sources/sources-view.js";

type Route = [pattern: RegExp, view: (params: string[], query: URLSearchParams) => ComponentChild, withNav: boolean];

const ROUTES: Route[] = [
  [/^\/panel\/([^/]+)\/?$/, ([set], q) => <PanelView set={set!} params={q} />, false],
  [/^\/sets\/new\/?$/, (_, q) => <SetEditor name={null} params={q} />, true],
  [/^\/sets\/([^/]+)\/?$/, ([name], q) => <SetEditor name={name!} params={q} />, true],
  [/^\/channel\/([^/]+)\/?$/, ([name]) => <ChannelPage name={name!} />, true],
  [/^\/sources\/?$/, () => <SourcesView />, true],
  [/^\/alerts\/?$/, () => <AlertsView />, true],
  [/^\/runs\/?$/, () => <RunsView />, true],
  [/^\/runs\/([^/]+)\/?$/, ([id]) => <RunReportView id={id!} />, true],
];

export function App() {
  const query = new URLSearchParams(location.search);
  for (const [pattern, view, withNav] of ROUTES) {
    const m = pattern.exec(location.pathname);
    if (!m) continue;
    const page = view(m.slice(1).map((p) => decodeURIComponent(p)), query);
    return withNav ? (
      <>
        <AppNav />
        {page}
      </>
    ) : (
      page
    );
  }
  return (
    <>
      <AppNav />
      <SetList />
    </>
  );
}
