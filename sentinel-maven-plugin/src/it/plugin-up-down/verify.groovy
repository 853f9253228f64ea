// After `mvn verify`: the IT saw the stack ready, down ran, lint wrote SARIF, export wrote Compose,
// and the engine holds nothing of the stack.
import groovy.json.JsonSlurper

def log = new File(basedir, 'build.log').text
assert log.contains('SENTINEL-IT-SAW-READY 1')
assert log =~ /--- sentinel:[^:]+:down /

def sarif = new JsonSlurper().parse(new File(basedir, 'target/sentinel/lint.sarif'))
assert sarif.version == '2.1.0'
assert sarif.runs[0].tool.driver.name == 'Sentinel'
// The sample runs as root with a writable root filesystem: the policy must have said so.
assert sarif.runs[0].results.any { it.ruleId == 'SEC-ROOT-USER' }

def compose = new File(basedir, 'target/sentinel/compose/docker-compose.yml').text
assert compose.contains('image: debian:bookworm-slim')

def left = ['docker', 'ps', '-aq', '--filter', 'label=dev.sentinel.stack=sentinel-plugin-it-pass'].execute().text.trim()
assert left.isEmpty() : "containers left behind: $left"
def networks = ['docker', 'network', 'ls', '-q', '--filter', 'label=dev.sentinel.stack=sentinel-plugin-it-pass'].execute().text.trim()
assert networks.isEmpty() : "networks left behind: $networks"
