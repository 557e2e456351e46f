/* bench/incidents-gen.c — gen N SEED ORDER > incidents.csv (used by bench/report.sh and
 * bench/report-pg.sh: the same rows for both backends) */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t s;
static uint64_t next(void) /* splitmix64 */
{
	uint64_t z = (s += 0x9e3779b97f4a7c15ULL);
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}
static int pick(const int *w, int n) /* weights sum to 1000 */
{
	int r = (int)(next() % 1000);
	for (int i = 0; i < n; i++)
		if ((r -= w[i]) < 0)
			return i;
	return n - 1;
}

int main(int argc, char **argv)
{
	long long n = atoll(argv[1]);
	s = strtoull(argv[2], NULL, 10);
	int chrono = strcmp(argv[3], "random") != 0;
	static const char *stations[] = { "S01", "S02", "S03", "S04", "S05", "S06",
					  "S07", "S08", "S09", "S10", "S11" };
	static const int sw[] = { 260, 130, 100, 90, 80, 75, 70, 60, 55, 45, 35 };
	static const char *cats[] = { "criminal.theft", "criminal.fraud.telecom", "public_order.assault",
				      "traffic.accident", "dispute.neighbour", "assistance", "fire", "other" };
	static const int cw[] = { 120, 60, 100, 140, 150, 250, 30, 150 };
	/* the 731 days of 2024 and 2025 */
	static char days[731][11];
	static const int ml[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int k = 0;
	for (int y = 2024; y <= 2025; y++)
		for (int m = 0; m < 12; m++)
			for (int d = 1; d <= ml[m] - (m == 1 && y == 2025); d++)
				snprintf(days[k++], 11, "%04d-%02d-%02d", y, m + 1, d);
	if (k != 731)
		return 2;
	const uint64_t span = 731ULL * 86400;
	static char buf[1 << 16];
	setvbuf(stdout, buf, _IOFBF, sizeof buf);
	fputs("incident_no,received_at,station,category,division,source,major\n", stdout);
	for (long long i = 0; i < n; i++) {
		uint64_t t;
		if (chrono) {
			uint64_t slot = span / (uint64_t)n ? span / (uint64_t)n : 1;
			t = (uint64_t)i * span / (uint64_t)n + next() % slot;
		} else {
			t = next() % span;
		}
		if (t >= span)
			t = span - 1;
		int day = (int)(t / 86400), sec = (int)(t % 86400);
		printf("B%010lld,%s %02d:%02d:%02d,%s,%s,,110,0\n", i + 1, days[day], sec / 3600,
		       sec / 60 % 60, sec % 60, stations[pick(sw, 11)], cats[pick(cw, 8)]);
	}
	return fflush(stdout) ? 1 : 0;
}
