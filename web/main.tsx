import { render } from "preact";
import { App } from "./app/app.tsx";
import { installTheme } from "./app/theme.ts";

installTheme();
render(<App />, document.getElementById("app")!);
