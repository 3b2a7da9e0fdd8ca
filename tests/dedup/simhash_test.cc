#include <catch2/catch.hpp>

#include "dedup/simhash.h"

using kf::dedup::hamming;
using kf::dedup::simhash;
using kf::dedup::words;

TEST_CASE("words are case-folded, umlauts included, and split at punctuation", "[dedup]") {
  CHECK(words("ÄRGER über Straßen-Übersicht; OZG 2.0 (Bund) a §") ==
        std::vector<std::string>{"ärger", "über", "straßen", "übersicht", "ozg", "bund"});
  CHECK(words("GROẞE Änderung") == std::vector<std::string>{"große", "änderung"});
  CHECK(words("3×4 ÷ x").empty());
}

TEST_CASE("the same words give the same fingerprint whatever the case and punctuation", "[dedup]") {
  CHECK(simhash("Die Digitalministerkonferenz tagt in Berlin.") ==
        simhash("die DIGITALMINISTERKONFERENZ tagt, in berlin"));
  CHECK(simhash("") == 0);
  CHECK(simhash("!!! ...") == 0);
}

TEST_CASE("one changed word keeps a text closer than an unrelated one", "[dedup]") {
  const std::string a =
      "Die Digitalverantwortlichen der Bundesländer haben in Berlin gemeinsam die Gründung einer "
      "Fachministerkonferenz für Digitalpolitik beschlossen und ein Konzept verabschiedet.";
  const std::string b =
      "Bremen hat als erstes Land die elektronische Akte in allen Senatsressorts eingeführt; die "
      "Umstellung dauerte drei Jahre und betraf rund 15.000 Beschäftigte.";
  std::string edited = a;
  edited.replace(edited.find("Berlin"), 6, "Potsdam");
  // Short texts move more per word than articles (see near_duplicate_test).
  CHECK(hamming(simhash(a), simhash(edited)) < hamming(simhash(a), simhash(b)));
  CHECK(hamming(simhash(a), simhash(b)) > 12);
}

TEST_CASE("fingerprints within seven bits share a band", "[dedup]") {
  const std::uint64_t h = 0x0123456789abcdefULL;
  // Flip one bit in each of seven bands: the eighth is still equal.
  std::uint64_t flipped = h;
  for (int i = 0; i < 7; ++i) flipped ^= std::uint64_t{1} << (8 * i + 3);
  CHECK(hamming(h, flipped) == 7);
  bool shared = false;
  for (int i = 0; i < kf::dedup::kBands; ++i) shared |= kf::dedup::band(h, i) == kf::dedup::band(flipped, i);
  CHECK(shared);
}
