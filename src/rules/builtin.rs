//! The rules shipped with selaras, embedded in the binary.

/// The rules shipped with selaras, embedded so that `selaras check FILE` works anywhere.
pub const BUILT_IN: &[(&str, &str)] = &[
    (
        "anggaran-kegiatan.toml",
        include_str!("../../rules/anggaran-kegiatan.toml"),
    ),
    (
        "anggaran-kas.toml",
        include_str!("../../rules/anggaran-kas.toml"),
    ),
    (
        "anggaran-kas-bulanan.toml",
        include_str!("../../rules/anggaran-kas-bulanan.toml"),
    ),
    (
        "anggaran-murni.toml",
        include_str!("../../rules/anggaran-murni.toml"),
    ),
    (
        "asn-golongan.toml",
        include_str!("../../rules/asn-golongan.toml"),
    ),
    (
        "asn-jabatan.toml",
        include_str!("../../rules/asn-jabatan.toml"),
    ),
    (
        "asn-pendidikan.toml",
        include_str!("../../rules/asn-pendidikan.toml"),
    ),
    (
        "capaian-kinerja.toml",
        include_str!("../../rules/capaian-kinerja.toml"),
    ),
    (
        "capaian-output.toml",
        include_str!("../../rules/capaian-output.toml"),
    ),
    (
        "capaian-tahunan.toml",
        include_str!("../../rules/capaian-tahunan.toml"),
    ),
    (
        "evaluasi-renja.toml",
        include_str!("../../rules/evaluasi-renja.toml"),
    ),
    (
        "efisiensi-anggaran.toml",
        include_str!("../../rules/efisiensi-anggaran.toml"),
    ),
    (
        "ikm-interval.toml",
        include_str!("../../rules/ikm-interval.toml"),
    ),
    (
        "ikm-layanan.toml",
        include_str!("../../rules/ikm-layanan.toml"),
    ),
    ("ikm-unsur.toml", include_str!("../../rules/ikm-unsur.toml")),
    ("indikator.toml", include_str!("../../rules/indikator.toml")),
    ("kalimat.toml", include_str!("../../rules/kalimat.toml")),
    (
        "kke-resume.toml",
        include_str!("../../rules/kke-resume.toml"),
    ),
    ("sampel.toml", include_str!("../../rules/sampel.toml")),
    (
        "kke-penilaian.toml",
        include_str!("../../rules/kke-penilaian.toml"),
    ),
    (
        "kategori-capaian.toml",
        include_str!("../../rules/kategori-capaian.toml"),
    ),
    (
        "kategori-nilai.toml",
        include_str!("../../rules/kategori-nilai.toml"),
    ),
    (
        "keterkaitan.toml",
        include_str!("../../rules/keterkaitan.toml"),
    ),
    (
        "perbandingan-capaian.toml",
        include_str!("../../rules/perbandingan-capaian.toml"),
    ),
    (
        "perencanaan-anggaran.toml",
        include_str!("../../rules/perencanaan-anggaran.toml"),
    ),
    (
        "pagu-sumber-dana.toml",
        include_str!("../../rules/pagu-sumber-dana.toml"),
    ),
    (
        "perjanjian-kinerja.toml",
        include_str!("../../rules/perjanjian-kinerja.toml"),
    ),
    (
        "realisasi-belanja.toml",
        include_str!("../../rules/realisasi-belanja.toml"),
    ),
    (
        "realisasi-anggaran.toml",
        include_str!("../../rules/realisasi-anggaran.toml"),
    ),
    ("renstra.toml", include_str!("../../rules/renstra.toml")),
    ("skala.toml", include_str!("../../rules/skala.toml")),
    ("skm-rekap.toml", include_str!("../../rules/skm-rekap.toml")),
    (
        "sumber-dana-subkegiatan.toml",
        include_str!("../../rules/sumber-dana-subkegiatan.toml"),
    ),
    (
        "sumber-dana-opd.toml",
        include_str!("../../rules/sumber-dana-opd.toml"),
    ),
    ("pagu-opd.toml", include_str!("../../rules/pagu-opd.toml")),
    ("gaji-opd.toml", include_str!("../../rules/gaji-opd.toml")),
    (
        "perubahan-anggaran.toml",
        include_str!("../../rules/perubahan-anggaran.toml"),
    ),
    (
        "capaian-triwulan.toml",
        include_str!("../../rules/capaian-triwulan.toml"),
    ),
    (
        "pagu-opd-sumber-dana.toml",
        include_str!("../../rules/pagu-opd-sumber-dana.toml"),
    ),
];

// ---------------------------------------------------------------------------
