#!/usr/bin/perl
# Types input into a console one line per prompt, as a person would.
#   console-pace.pl PROMPT EOT  <console-output  3<input  4>console-input
# Copies the console's output (standard input) to standard output and
# counts the PROMPTs in it ("\e" in PROMPT is ESC). Each PROMPT lets one
# line of fd 3 through to fd 4; at the end of fd 3, with EOT = 1, the next
# PROMPT gets the terminal's end-of-file character (Ctrl-D) instead.
# Used by scripts/qemu-run.sh (FEED_PROMPT): input from a file or pipe
# then waits for the guest's shell rather than reaching a boot loader's
# countdown, and a shell between commands (its terminal back in canonical
# mode) never sees a Ctrl-D it would take for a NUL byte.
use strict;
use warnings;

my ($prompt, $eot) = @ARGV;
die "usage: console-pace.pl PROMPT EOT\n" unless defined $eot && length $prompt;
$prompt =~ s/\\e/\e/g;
open(my $in, '<&=', 3) or die "console-pace.pl: fd 3 (input): $!\n";
open(my $to, '>&=', 4) or die "console-pace.pl: fd 4 (console input): $!\n";
binmode($_) for (\*STDIN, \*STDOUT, $in, $to);
$SIG{PIPE} = 'IGNORE';

my ($tail, $credit, $pending, $in_eof, $done) = ('', 0, '', 0, 0);

sub put {
	my ($fh, $buf) = @_;
	while (length $buf) {
		my $n = syswrite($fh, $buf);
		return unless defined $n;    # the reader is gone
		substr($buf, 0, $n) = '';
	}
}

while (1) {
	my $rin = '';
	vec($rin, fileno(STDIN), 1) = 1;
	# read input only when a prompt waits for a line not yet at hand
	my $want = !$in_eof && !$done && $credit > 0 && $pending !~ /\n/;
	vec($rin, fileno($in), 1) = 1 if $want;
	my $rout;
	next if select($rout = $rin, undef, undef, undef) < 0;
	if (vec($rout, fileno(STDIN), 1)) {
		my $n = sysread(STDIN, my $buf, 65536);
		last unless $n;
		put(\*STDOUT, $buf);
		# a prompt split across reads counts once: the kept tail is
		# one byte shorter than the prompt
		my $s = $tail . $buf;
		my $seen = () = $s =~ /\Q$prompt\E/g;
		$credit += $seen;
		$tail = length($s) >= length($prompt) ? substr($s, 1 - length($prompt)) : $s;
		$tail = '' if length($prompt) == 1;
	}
	if ($want && vec($rout, fileno($in), 1)) {
		my $n = sysread($in, my $buf, 4096);
		if ($n) { $pending .= $buf } else { $in_eof = 1 }
	}
	while ($credit > 0 && !$done) {
		if ($pending =~ s/^([^\n]*\n)//) {
			put($to, $1);
		} elsif ($in_eof) {
			put($to, $pending . ($eot ? "\x04" : ''));
			$pending = '';
			$done = 1;
		} else {
			last;
		}
		$credit--;
	}
}
