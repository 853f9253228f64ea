package com.example.greeter;

import dev.sentinel.dsl.Stack;
import dev.sentinel.compose.ComposeExporter;
import dev.sentinel.dsl.policy.Linter;
import dev.sentinel.dsl.policy.Policy;
import dev.sentinel.dsl.policy.PolicyReport;
import dev.sentinel.runtime.ApplyOptions;
import dev.sentinel.runtime.Engine;
import dev.sentinel.runtime.EngineTarget;
import dev.sentinel.runtime.StackStatus;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The greeter team's own ops tool, a few lines on top of Sentinel's library:
 * {@code greeter-ops lint | plan | status | export <dir>}. Exit 0 on success, 1 on findings or
 * failure, 2 on bad usage.
 */
public final class GreeterOps {
  private GreeterOps() {}

  public static void main(String[] args) throws IOException {
    System.exit(run(args, System.out));
  }

  /** Runs one command, printing to {@code out}; returns the exit code. */
  public static int run(String[] args, PrintStream out) throws IOException {
    Stack stack = new GreeterStack().define();
    String command = args.length == 0 ? "" : args[0];
    switch (command) {
      case "lint" -> {
        PolicyReport report = Linter.lint(stack.resolveOrDefault(Optional.empty()), Policy.defaults());
        out.print(report.toText());
        return report.fails() ? 1 : 0;
      }
      case "plan" -> {
        try (Engine engine = Engine.fromEnvironment()) {
          out.print(EngineTarget.on(engine).plan(stack.base(), ApplyOptions.defaults()).toText());
          return 0;
        }
      }
      case "status" -> {
        try (Engine engine = Engine.fromEnvironment()) {
          StackStatus status = EngineTarget.on(engine).status(stack.name());
          out.print(status.toText());
          return status.allReady() ? 0 : 1;
        }
      }
      case "export" -> {
        if (args.length != 2) {
          out.println("usage: greeter-ops export <directory>");
          return 2;
        }
        for (Path file : ComposeExporter.create().writeTo(stack, Path.of(args[1]))) {
          out.println(file);
        }
        return 0;
      }
      default -> {
        out.println("usage: greeter-ops lint | plan | status | export <directory>");
        return 2;
      }
    }
  }
}
