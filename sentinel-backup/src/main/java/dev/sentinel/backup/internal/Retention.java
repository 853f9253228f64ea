package dev.sentinel.backup.internal;

import dev.sentinel.backup.RetentionPolicy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Archive names ({@code <stack>-<UTC timestamp>.tar.zst}) and which archives a policy keeps. */
public final class Retention {
  public static final DateTimeFormatter TIMESTAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  private Retention() {}

  /** An archive of a stack and when it was made. */
  public record Archive(Path path, Instant createdAt) {}

  public static String fileName(String stack, Instant at, String extension) {
    return stack + "-" + TIMESTAMP.format(at) + extension;
  }

  /** The archives of {@code stack} in {@code directory}, newest first; other files are ignored. */
  public static List<Archive> archives(Path directory, String stack) throws IOException {
    Pattern name = Pattern.compile(Pattern.quote(stack) + "-(\\d{8}T\\d{6}Z)\\.tar\\.(zst|gz)");
    List<Archive> found = new ArrayList<>();
    try (var files = Files.list(directory)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = name.matcher(p.getFileName().toString());
        if (m.matches()) {
          try {
            found.add(new Archive(p, Instant.from(TIMESTAMP.parse(m.group(1)))));
          } catch (DateTimeParseException e) {
            // not ours after all
          }
        }
      }
    }
    found.sort(Comparator.comparing(Archive::createdAt).reversed());
    return found;
  }

  /** The archives {@code policy} does not keep; {@code newestVerified} is always kept. */
  public static List<Archive> toPrune(List<Archive> newestFirst, RetentionPolicy policy, Optional<Path> newestVerified) {
    Set<Path> keep = new LinkedHashSet<>();
    newestVerified.ifPresent(keep::add);
    Set<LocalDate> days = new LinkedHashSet<>();
    Set<YearMonth> months = new LinkedHashSet<>();
    for (Archive a : newestFirst) {
      LocalDate day = LocalDate.ofInstant(a.createdAt(), ZoneOffset.UTC);
      if (!days.contains(day) && days.size() < policy.daily()) {
        days.add(day);
        keep.add(a.path());
      }
      YearMonth month = YearMonth.from(day);
      if (!months.contains(month) && months.size() < policy.monthly()) {
        months.add(month);
        keep.add(a.path());
      }
    }
    return newestFirst.stream().filter(a -> !keep.contains(a.path())).toList();
  }
}
