/** Entry: render the view the URL names (routes.tsx). */
import { render } from "preact";
import { App } from "./routes.js";
import "./styles.css";

render(<App />, document.getElementById("app")!);
