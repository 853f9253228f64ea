package dev.sentinel.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import picocli.CommandLine;

/**
 * One run of the {@code sentinel} CLI in this JVM, with what it printed.
 *
 * @param exitCode the exit code it would have exited with
 * @param out standard output
 * @param err standard error
 */
record CliRun(int exitCode, String out, String err) {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Runs the CLI with {@code args}, built as {@code main} builds it (the full model of the invoked subcommand only). */
  static CliRun of(String... args) {
    CommandLine cli = SentinelCli.commandLine(args);
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    cli.setOut(new PrintWriter(out, true));
    cli.setErr(new PrintWriter(err, true));
    int code = cli.execute(args);
    return new CliRun(code, out.toString(), err.toString());
  }

  /** Standard output as JSON. */
  JsonNode json() throws Exception {
    return JSON.readTree(out);
  }
}
