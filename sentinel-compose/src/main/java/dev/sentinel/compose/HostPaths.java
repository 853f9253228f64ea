package dev.sentinel.compose;

import java.nio.file.Path;

/**
 * Relative host paths (build contexts, bind sources) of a service taken by {@code extends} from a
 * file in another directory are relative to that file, as Compose reads them; the model keeps them
 * relative to the project directory, so they are rebased; or, for a file run in place, made absolute.
 */
record HostPaths(Path projectDirectory, Path directory, boolean absolute) {
  /** A bind source ({@code ./x}, {@code ../x}) relative to the project directory. */
  String rebase(String path) {
    return rebase(path, path.equals(".") || path.startsWith("./") || path.startsWith("../"));
  }

  /** A build context (any path that is neither absolute nor a URL) relative to the project directory. */
  String rebaseContext(String context) {
    return rebase(context, !context.startsWith("/") && !context.startsWith("~") && !context.contains("://") && !context.contains("@"));
  }

  private String rebase(String path, boolean relative) {
    if (relative && absolute) {
      return directory.resolve(path).toAbsolutePath().normalize().toString();
    }
    if (!relative || directory.normalize().equals(projectDirectory.normalize())) {
      return path;
    }
    String rebased = projectDirectory.normalize().relativize(directory.resolve(path).normalize()).toString();
    return rebased.isEmpty() ? "." : rebased.startsWith("..") ? rebased : "./" + rebased;
  }
}
