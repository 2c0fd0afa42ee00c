import { useSettings } from "../../api/settings.ts";
import type { SettingsForm } from "./form-state.ts";

/**
 * The table as config.toml can hold it; each argument is a TOML basic string (JSON's quoting writes
 * one). A long command gets one argument per line, so where each begins and ends stays plain.
 */
function tomlLines(command: string[], timeoutMs: unknown, onlyBelowScore: unknown): string {
  const quoted = command.map((argument) => JSON.stringify(argument));
  const oneLine = `command = [${quoted.join(", ")}]`;
  return [
    "[postProcessing]",
    oneLine.length <= 64 ? oneLine : `command = [\n${quoted.map((q) => `  ${q},`).join("\n")}\n]`,
    `timeoutMs = ${String(timeoutMs)}`,
    ...(typeof onlyBelowScore === "number" ? [`onlyBelowScore = ${onlyBelowScore}`] : []),
  ].join("\n");
}

/**
 * The command run after each save, read-only: it runs a program on the server, so only config.toml
 * there sets it, never this page (a login or an API key must not be enough to choose that program).
 */
export function PostProcessingSection({ form }: { form: SettingsForm }) {
  const configFile = useSettings().data?.configFile ?? "config.toml";
  const command = (form.get(["postProcessing", "command"]) as string[] | undefined) ?? [];
  const timeoutMs = form.get(["postProcessing", "timeoutMs"]);
  const onlyBelowScore = form.get(["postProcessing", "onlyBelowScore"]);
  const env = form.envAt("postProcessing.command");
  return (
    <section class="page-section card" aria-labelledby="post-processing-title">
      <h2 id="post-processing-title">Post-processing</h2>
      <p class="muted">
        A program Subhound runs after each subtitle it saves (to set permissions, convert, notify or start
        another tool), with the subtitle's path, language and more as arguments. It runs a program on this
        server, so it is set only in <code class="mono">{configFile}</code> on the server
        {env ? (
          <>
            {" "}
            (here by <code class="mono">{env}</code>)
          </>
        ) : null}
        , never from this page or the settings API. Edit <code class="mono">[postProcessing]</code> there,
        then reload (<code class="mono">systemctl reload subhound</code>, or restart). The README's
        Post-processing section lists the placeholders.
      </p>
      {command.length === 0 ? (
        <p data-testid="post-processing-command">Off: no command is set.</p>
      ) : (
        <>
          <pre class="command" data-testid="post-processing-command">
            {tomlLines(command, timeoutMs, onlyBelowScore)}
          </pre>
          <p class="muted">
            {typeof onlyBelowScore === "number"
              ? `Runs for subtitles a provider scored below ${onlyBelowScore}, one at a time; ended after ${Number(timeoutMs) / 1000} s.`
              : `Runs for every subtitle saved, one at a time; ended after ${Number(timeoutMs) / 1000} s.`}{" "}
            Failures are logged as warnings (System → Recent log).
          </p>
        </>
      )}
    </section>
  );
}
