package dev.sentinel.dsl;

import java.util.Locale;

/** A published port's transport protocol. */
public enum Protocol {
  TCP,
  UDP,
  SCTP;

  /** The lower-case spelling Docker and Compose use. */
  public String value() {
    return name().toLowerCase(Locale.ROOT);
  }
}
