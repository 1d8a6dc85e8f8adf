/** Entry: a two-route app (`/panel/{set}`, `/`); the server answers every UI path with this page. */
import { render } from "preact";
import { PanelView } from "./panel/panel-view.js";
import { SetList } from "./set-list.js";
import "./styles.css";

function App() {
  const panel = /^\/panel\/([^/]+)\/?$/.exec(location.pathname);
  if (panel) return <PanelView set={decodeURIComponent(panel[1]!)} params={new URLSearchParams(location.search)} />;
  return <SetList />;
}

render(<App />, document.getElementById("app")!);
