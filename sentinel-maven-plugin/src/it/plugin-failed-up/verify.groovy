// up failed: the build says which service, its state and its health output, and nothing is left.
def log = new File(basedir, 'build.log').text
assert log.contains('apply of stack "sentinel-plugin-it-failed-up" failed')
assert log.contains('service "app"')
assert log.contains('state: ')
assert log.contains('removing stack "sentinel-plugin-it-failed-up" after the failed apply')
def left = ['docker', 'ps', '-aq', '--filter', 'label=dev.sentinel.stack=sentinel-plugin-it-failed-up'].execute().text.trim()
assert left.isEmpty() : "containers left behind: $left"
