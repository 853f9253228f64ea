package dev.sentinel.compose;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import com.squareup.javapoet.ClassName;
import com.squareup.javapoet.CodeBlock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * One call on a public DSL builder, as a Compose import decides it. The same call is both replayed
 * on a real builder (to make the imported {@code Stack}) and printed as Java source (the generated
 * {@code StackDefinition}), so the generated code cannot mean something else than the import.
 *
 * <p>Arguments are strings, ints, longs, booleans, enum constants, model records, {@code Optional}s
 * and maps of them, plus {@link Varargs}, {@link Octal}, {@link Configurer} (a nested lambda) and
 * {@link Source} (a value with the Java that makes it).
 *
 * @param method the builder method's name
 * @param args its arguments
 * @param comments comment lines printed above the call
 */
record DslCall(String method, List<Object> args, List<String> comments) {
  /** Each builder class's public methods: {@code getMethods()} copies them on every call, which dominated large imports. */
  private static final ClassValue<Method[]> PUBLIC_METHODS = new ClassValue<>() {
    @Override
    protected Method[] computeValue(Class<?> type) {
      return type.getMethods();
    }
  };

  DslCall {
    args = List.copyOf(args);
    comments = ImmutableList.copyOf(comments);
  }

  static DslCall of(String method, Object... args) {
    return new DslCall(method, Arrays.asList(args), List.of());
  }

  DslCall withComments(List<String> more) {
    List<String> all = new ArrayList<>(comments);
    all.addAll(more);
    return new DslCall(method, args, all);
  }

  /** The trailing arguments of a varargs method, e.g. {@code command("redis-server", "--appendonly", "yes")}. */
  record Varargs(List<String> values) {
    Varargs {
      values = List.copyOf(values);
    }
  }

  /** An int printed in octal, e.g. file modes ({@code 0440}). */
  record Octal(int value) {}

  /** A {@code Consumer<XBuilder>} argument, printed as {@code parameter -> parameter.a().b()}. */
  record Configurer(String parameter, List<DslCall> calls) {
    Configurer {
      calls = List.copyOf(calls);
    }
  }

  /** A model value passed as is, printed as the Java that makes it, e.g. {@code Readiness.tcp(5432)}. */
  record Source(Object value, CodeBlock code) {}

  /** Invokes the call on {@code builder}. */
  void applyTo(Object builder) {
    Method target = resolve(builder.getClass());
    Object[] values = new Object[args.size()];
    for (int i = 0; i < values.length; i++) {
      values[i] = runtimeValue(args.get(i));
    }
    try {
      target.invoke(builder, values);
    } catch (InvocationTargetException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } catch (IllegalAccessException e) {
      throw new IllegalStateException(e);
    }
  }

  private Method resolve(Class<?> type) {
    for (Method m : PUBLIC_METHODS.get(type)) {
      if (m.getName().equals(method) && Modifier.isPublic(m.getModifiers()) && accepts(m.getParameterTypes())) {
        return m;
      }
    }
    throw new IllegalStateException("no public method " + type.getSimpleName() + "." + method + " takes " + args);
  }

  private boolean accepts(Class<?>[] params) {
    if (params.length != args.size()) {
      return false;
    }
    for (int i = 0; i < params.length; i++) {
      if (!accepts(params[i], args.get(i))) {
        return false;
      }
    }
    return true;
  }

  private static boolean accepts(Class<?> param, Object arg) {
    if (arg instanceof Configurer) {
      return param == Consumer.class;
    }
    if (arg instanceof Source source) {
      return param.isInstance(source.value());
    }
    if (arg instanceof Varargs) {
      return param == String[].class;
    }
    if (arg instanceof Octal || arg instanceof Integer) {
      return param == int.class || param == Integer.class;
    }
    if (arg instanceof Long) {
      return param == long.class || param == Long.class;
    }
    if (arg instanceof Boolean) {
      return param == boolean.class || param == Boolean.class;
    }
    if (arg instanceof Double) {
      return param == double.class || param == Double.class;
    }
    return param.isInstance(arg);
  }

  private static Object runtimeValue(Object arg) {
    if (arg instanceof Configurer c) {
      Consumer<Object> configure = b -> c.calls().forEach(call -> call.applyTo(b));
      return configure;
    }
    if (arg instanceof Varargs v) {
      return v.values().toArray(new String[0]);
    }
    if (arg instanceof Octal o) {
      return o.value();
    }
    if (arg instanceof Source source) {
      return source.value();
    }
    return arg;
  }

  /** The call as Java, without the leading dot: {@code image("redis:7.2")}. */
  CodeBlock toCode() {
    CodeBlock.Builder code = CodeBlock.builder().add("$N(", method);
    for (int i = 0; i < args.size(); i++) {
      if (args.get(i) instanceof Varargs v && v.values().isEmpty()) {
        continue;
      }
      code.add(i == 0 ? "" : ", ").add(render(args.get(i), false));
    }
    return code.add(")").build();
  }

  /** Comment lines, made safe for a {@code //} comment (no line breaks, no unicode escapes). */
  List<String> commentLines() {
    return comments.stream()
        .flatMap(c -> c.lines())
        .map(line -> line.replace("\\u", "\\ u").strip())
        .toList();
  }

  private static CodeBlock render(Object arg, boolean octalInt) {
    if (arg instanceof String s) {
      return CodeBlock.of("$S", s);
    }
    if (arg instanceof Integer i) {
      return octalInt ? CodeBlock.of("$L", "0" + Integer.toOctalString(i)) : CodeBlock.of("$L", i);
    }
    if (arg instanceof Long l) {
      return CodeBlock.of("$LL", l);
    }
    if (arg instanceof Boolean b) {
      return CodeBlock.of("$L", b);
    }
    if (arg instanceof Double d) {
      return CodeBlock.of("$L", Double.toString(d));
    }
    if (arg instanceof Octal o) {
      return CodeBlock.of("$L", "0" + Integer.toOctalString(o.value()));
    }
    if (arg instanceof Enum<?> e) {
      return CodeBlock.of("$T.$N", e.getDeclaringClass(), e.name());
    }
    if (arg instanceof Varargs v) {
      return CodeBlock.join(v.values().stream().map(s -> CodeBlock.of("$S", s)).toList(), ", ");
    }
    if (arg instanceof Configurer c) {
      return configurer(c);
    }
    if (arg instanceof Source source) {
      return source.code();
    }
    if (arg instanceof Optional<?> o) {
      return o.isEmpty() ? CodeBlock.of("$T.empty()", Optional.class) : CodeBlock.of("$T.of($L)", Optional.class, render(o.get(), octalInt));
    }
    if (arg instanceof Map<?, ?> m) {
      return map(m);
    }
    if (arg instanceof List<?> l) {
      return CodeBlock.of("$T.of($L)", List.class, CodeBlock.join(l.stream().map(x -> render(x, false)).toList(), ", "));
    }
    if (arg instanceof Record r) {
      return record(r);
    }
    throw new IllegalArgumentException("cannot print a " + arg.getClass().getName() + " as Java");
  }

  /** {@code p -> p} followed by one indented line per call. */
  static CodeBlock configurer(Configurer c) {
    return configurer(c, true);
  }

  /**
   * {@code p -> p} followed by one line per call ({@code p -> {}} without calls); {@code indent} false for a chain that is already
   * a statement's continuation (JavaPoet indents those).
   */
  static CodeBlock configurer(Configurer c, boolean indent) {
    if (c.calls().isEmpty()) {
      // "e -> e" is no statement: a configurer that changes nothing has an empty body.
      return CodeBlock.of("$N -> {}", c.parameter());
    }
    CodeBlock.Builder code = CodeBlock.builder().add("$N -> $N", c.parameter(), c.parameter()).add(indent ? "$>$>" : "");
    for (DslCall call : c.calls()) {
      for (String line : call.commentLines()) {
        code.add("\n// $L", line);
      }
      code.add("\n.$L", call.toCode());
    }
    return code.add(indent ? "$<$<" : "").build();
  }

  private static CodeBlock map(Map<?, ?> m) {
    List<CodeBlock> entries = new ArrayList<>();
    m.forEach((k, v) -> entries.add(CodeBlock.of("$L, $L", render(k, false), render(v, false))));
    if (m.size() <= 5) {
      return CodeBlock.of("$T.of($L)", ImmutableMap.class, CodeBlock.join(entries, ", "));
    }
    CodeBlock.Builder code = CodeBlock.builder().add("$T.<String, String>builder()", ImmutableMap.class);
    entries.forEach(e -> code.add(".put($L)", e));
    return code.add(".build()").build();
  }

  private static CodeBlock record(Record r) {
    List<CodeBlock> components = new ArrayList<>();
    for (RecordComponent c : r.getClass().getRecordComponents()) {
      try {
        components.add(render(c.getAccessor().invoke(r), c.getName().equals("mode")));
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException(e);
      }
    }
    return CodeBlock.of("new $T($L)", ClassName.get(r.getClass()), CodeBlock.join(components, ", "));
  }
}
