#!/usr/bin/perl
# Reads a binary trace (trace_abi.h records, 48 bytes each) and prints
# facts about the guest kernel's events, one "key value" per line, for
# gk_trace.t: records per kind; guest records lost; per block request
# (BLK_SUBMIT) the layers its flow reaches: device (itself), kernel (a
# SYSCALL or RSYS_POP with its request id), user (the program's
# USER_SUBMIT of the same ring and head before the kernel saw it),
# hypervisor (the next VQ_POP of that guest, ring and head), host disk (an
# HDISK_SUBMIT after that pop); whether its BLK_DONE came with the same id;
# overlapping poll slices on one vCPU.
use strict; use warnings;
my $f = shift; open(my $fh, '<:raw', $f) or die "$f: $!";
local $/; my $d = <$fh>; close $fh;
my (@r, %n);
for (my $o = 0; $o + 48 <= length($d); $o += 48) {
	my ($t, $k, $g, $v, $h, $fl, $ring, $idx, $len, $req, $a0, $a1) =
		unpack('Q< v C C C C v V V Q< Q< Q<', substr($d, $o, 48));
	push @r, {t => $t, k => $k, g => $g, v => $v, fl => $fl, ring => $ring,
		idx => $idx, len => $len, req => $req, a0 => $a0, a1 => $a1, n => scalar @r};
	$n{$k}++;
}
printf "kind_%02x %d\n", $_, $n{$_} for sort { $a <=> $b } keys %n;
my @s = sort { $a->{t} <=> $b->{t} || $a->{n} <=> $b->{n} } @r;
$s[$_]{pos} = $_ for 0 .. $#s;
# guest-side lost records (META_LOST with a guest, or on a syscall ring)
my $lost = 0;
$lost += $_->{a0} for grep { $_->{k} == 0x03 && $_->{g} != 0xff } @s;
print "guest_lost $lost\n";
my %kreq;	# req -> kernel record (SYSCALL or RSYS_POP)
for (@s) { $kreq{$_->{req}} //= $_ if $_->{req} && ($_->{k} == 0x60 || $_->{k} == 0x62); }
my %seen;	# req -> RSYS_SEEN
for (@s) { $seen{$_->{req}} //= $_ if $_->{k} == 0x61 && $_->{req}; }
my ($blk, $four, $five, $done) = (0, 0, 0, 0);
for my $i (0 .. $#s) {
	my $b = $s[$i];
	next unless $b->{k} == 0x68;
	$blk++;
	my %lay = (device => 1);
	my $kr = $kreq{$b->{req}};
	$lay{kernel} = 1 if $b->{req} && $kr;
	# user: the program's submit of the same ring and head, before the
	# kernel saw the chain, after that head's previous push
	if (my $sn = $seen{$b->{req}}) {
		for (my $j = $sn->{pos}; $j >= 0; $j--) {
			my $u = $s[$j];
			next unless $u->{ring} == $sn->{ring} && $u->{idx} == $sn->{idx};
			last if $u->{k} == 0x65;
			if ($u->{k} == 0x6a) { $lay{user} = 1; last; }
		}
	}
	# hypervisor and host disk: the next pop of this guest's ring and head
	for my $j ($i + 1 .. $#s) {
		my $e = $s[$j];
		next unless $e->{g} == $b->{g} && $e->{ring} == $b->{ring} && $e->{idx} == $b->{idx};
		last if $e->{k} == 0x68;
		$lay{hypervisor} = 1 if $e->{k} == 0x17;
		$lay{disk} = 1 if $e->{k} == 0x1a && $lay{hypervisor};
		if ($e->{k} == 0x69) { $done++ if $e->{req} == $b->{req}; last; }
	}
	my $nl = keys %lay;
	$four++ if $nl >= 4;
	$five++ if $nl >= 5;
}
print "blk $blk\nblk_4layers $four\nblk_5layers $five\nblk_done $done\n";
# poll slices of one vCPU never overlap
my (%end, $overlap);
$overlap = 0;
for (grep { $_->{k} == 0x66 } @s) {
	my $key = "$_->{g}.$_->{v}";
	$overlap++ if defined $end{$key} && $_->{t} < $end{$key};
	$end{$key} = $_->{t} + $_->{len};
}
print "poll_overlap $overlap\n";
