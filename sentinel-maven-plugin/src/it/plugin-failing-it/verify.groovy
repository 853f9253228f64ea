// An IT failed: failsafe reports it in verify, after post-integration-test, so down has run first.
def log = new File(basedir, 'build.log').text
assert log.contains('failing on purpose')
def down = log.indexOf(':down (default)')
def verdict = log.indexOf('There are test failures')
assert down >= 0 : 'down did not run'
assert verdict > down : 'the failure was reported before down ran'
def left = ['docker', 'ps', '-aq', '--filter', 'label=dev.sentinel.stack=sentinel-plugin-it-failing'].execute().text.trim()
assert left.isEmpty() : "containers left behind: $left"
