#!/usr/bin/perl
# One line per record of a binary trace (firmware/include/trace_abi.h), for
# the system tests' checks with awk/grep (the converter is
# build/host/rvh-trace). Fields, decimal unless said:
#   time kind(hex) guest vcpu hart flags(hex) ring(hex) idx(hex) len req
#   arg0(hex) arg1(hex)
# A NAME record gets its name as a 13th field. Exit status 1 if the file
# is not a whole number of 48-byte records.
use strict;
use warnings;
open(my $f, '<:raw', $ARGV[0]) or die "trace_dump.pl: $ARGV[0]: $!\n";
my $n = 0;
while (1) {
	my $got = read($f, my $b, 48);
	last if !$got;
	if ($got != 48) { print STDERR "trace_dump.pl: $got trailing bytes\n"; exit 1; }
	my ($t, $k, $g, $v, $h, $fl, $r, $i, $l, $q, $a0, $a1) =
	    unpack('Q< S< C C C C S< L< L< Q< Q< Q<', $b);
	my $line = sprintf('%u %x %u %u %u %x %x %x %u %u %x %x', $t, $k, $g, $v,
	    $h, $fl, $r, $i, $l, $q, $a0, $a1);
	if ($k == 2) {
		my $nm = substr($b, 16, 4) . substr($b, 24, 24);
		$nm =~ s/\0.*//s;
		$line .= " $nm";
	}
	print "$line\n";
	$n++;
}
exit 0;
