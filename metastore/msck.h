/*
 * msck.h
 *    The `hms msck` command (msck.c).
 */
#ifndef HMS_MSCK_H
#define HMS_MSCK_H

/* `hms msck ...` with ARGV[0] "msck": the exit status. */
int hms_msck_main (int argc, char **argv);

#endif /* HMS_MSCK_H */
