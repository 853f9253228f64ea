package dev.sentinel.backup;

/** How a backup archive is compressed. */
public enum Compression {
  /** Zstandard, multi-threaded: the default, fast and small. */
  ZSTD(".tar.zst"),
  /** gzip, for tools that know nothing else. */
  GZIP(".tar.gz");

  private final String extension;

  Compression(String extension) {
    this.extension = extension;
  }

  /** The archive's file extension, e.g. {@code .tar.zst}. */
  public String extension() {
    return extension;
  }
}
