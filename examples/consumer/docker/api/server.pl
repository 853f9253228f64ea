# GET /health answers ok; any other GET greets and counts the visit in /data/visits (a volume).
use strict;
use warnings;
use IO::Socket::INET;

$| = 1;
$SIG{TERM} = sub { exit 0 };
my $port = $ENV{PORT} || 8080;
my $server = IO::Socket::INET->new(LocalPort => $port, Listen => 16, ReuseAddr => 1, Proto => 'tcp')
  or die "cannot listen on $port: $!";
print "greeter listening on $port\n";
while (my $client = $server->accept) {
  my $request = <$client>;
  if (!defined $request) { close $client; next; }   # a health probe connects and says nothing
  while (my $line = <$client>) { last if $line =~ /^\r?\n$/; }
  my ($path) = $request =~ m{^GET (\S+)};
  my $body;
  if (($path // '') eq '/health') {
    $body = "ok\n";
  } else {
    open(my $log, '>>', '/data/visits') or die "cannot write /data/visits: $!";
    print $log "visit\n";
    close $log;
    open(my $in, '<', '/data/visits') or die;
    my $visits = () = <$in>;
    close $in;
    $body = "hello from $ENV{GREETING} (visit $visits)\n";
  }
  print $client "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " . length($body) . "\r\n\r\n" . $body;
  close $client;
}
