"""Vocabulary of the national data set (`manage.py generate_national`): partner names by
category, agreement titles by scope, people's names. Realistic Indonesian institutions and
subjects, so that searches and filters hit realistic fractions of the rows."""

import random

# "name|short name|leader title"; {place} "Ponorogo", {region} "Kabupaten Ponorogo",
# {province} "Jawa Timur", {n} a small number, {word} a proper name, {word2} a company word.
PARTNER_TEMPLATES: dict[str, list[str]] = {
    "UNIVERSITY": [
        "Universitas Negeri {place}|UN {place}|Rektor",
        "Universitas Muhammadiyah {place}|UM {place}|Rektor",
        "Universitas Nahdlatul Ulama {place}|UNU {place}|Rektor",
        "Universitas Terbuka UPBJJ {place}|UT {place}|Direktur",
        "Institut Agama Islam Negeri {place}|IAIN {place}|Rektor",
        "Universitas Islam Negeri {place}|UIN {place}|Rektor",
        "Sekolah Tinggi Ilmu Hukum {word} {place}|STIH {initials}|Ketua",
        "Sekolah Tinggi Ilmu Sosial dan Ilmu Politik {word}|STISIP {initials}|Ketua",
        "Sekolah Tinggi Ilmu Ekonomi {word} {place}|STIE {initials}|Ketua",
        "Politeknik Negeri {place}|Polinef {place}|Direktur",
        "Fakultas Hukum Universitas {word}|FH Univ. {initials}|Dekan",
        "Fakultas Ilmu Sosial dan Ilmu Politik Universitas {word}|FISIP Univ. {initials}|Dekan",
        "Universitas {word} {place}|Univ. {initials} {place}|Rektor",
        "Sekolah Tinggi Agama Islam {word} {place}|STAI {initials}|Ketua",
        "Institut Teknologi dan Bisnis {word} {place}|ITB {initials} {place}|Rektor",
    ],
    "SCHOOL": [
        "SMA Negeri {n} {place}|SMAN {n} {place}|Kepala Sekolah",
        "SMK Negeri {n} {place}|SMKN {n} {place}|Kepala Sekolah",
        "Madrasah Aliyah Negeri {n} {place}|MAN {n} {place}|Kepala Madrasah",
        "SMA Muhammadiyah {n} {place}|SMA Muh {n} {place}|Kepala Sekolah",
        "SMK PGRI {n} {place}|SMK PGRI {n} {place}|Kepala Sekolah",
        "Madrasah Aliyah {word} {place}|MA {initials} {place}|Kepala Madrasah",
        "SMA Kristen {n} {place}|SMAK {n} {place}|Kepala Sekolah",
        "SMA Islam Terpadu {word} {place}|SMAIT {initials} {place}|Kepala Sekolah",
    ],
    "LOCAL_GOVERNMENT": [
        "Pemerintah {region}|Pemda {place}|Kepala Daerah",
        "Dinas Kependudukan dan Pencatatan Sipil {region}|Disdukcapil {place}|Kepala Dinas",
        "Badan Kesatuan Bangsa dan Politik {region}|Bakesbangpol {place}|Kepala Badan",
        "Dinas Pendidikan {region}|Disdik {place}|Kepala Dinas",
        "Dinas Komunikasi dan Informatika {region}|Diskominfo {place}|Kepala Dinas",
        "Dinas Pemuda dan Olahraga {region}|Dispora {place}|Kepala Dinas",
        "Dinas Sosial {region}|Dinsos {place}|Kepala Dinas",
        "Satuan Polisi Pamong Praja {region}|Satpol PP {place}|Kepala Satuan",
        "Dinas Perpustakaan dan Kearsipan {region}|Dispusip {place}|Kepala Dinas",
        "Badan Penanggulangan Bencana Daerah {region}|BPBD {place}|Kepala Pelaksana",
        "Badan Perencanaan Pembangunan Daerah {region}|Bappeda {place}|Kepala Badan",
        "Rumah Sakit Umum Daerah {place}|RSUD {place}|Direktur",
        "Dinas Kesehatan {region}|Dinkes {place}|Kepala Dinas",
        "Pemerintah Desa {village} {region}|Pemdes {village}|Kepala Desa",
    ],
    "STATE_BODY": [
        "Badan Pengawas Pemilihan Umum {region}|Bawaslu {place}|Ketua",
        "Badan Pusat Statistik {region}|BPS {place}|Kepala",
        "Komisi Informasi {region}|KI {place}|Ketua",
        "Ombudsman Republik Indonesia Perwakilan {province}|ORI {province}|Kepala",
        "Kejaksaan Negeri {place}|Kejari {place}|Kepala Kejaksaan Negeri",
        "Pengadilan Negeri {place}|PN {place}|Ketua",
        "Kantor Pertanahan {region}|Kantah {place}|Kepala Kantor",
    ],
    "MINISTRY": [
        "Kantor Wilayah Kementerian Agama Provinsi {province}|Kanwil Kemenag {province}|Kepala",
        "Kantor Kementerian Agama {region}|Kemenag {place}|Kepala Kantor",
        "Kantor Wilayah Kementerian Hukum {province}|Kanwil Kemenkum {province}|Kepala",
        "Lembaga Pemasyarakatan Kelas IIB {place}|Lapas {place}|Kepala Lapas",
        "Rumah Tahanan Negara Kelas IIB {place}|Rutan {place}|Kepala Rutan",
        "Kantor Imigrasi Kelas II {place}|Kanim {place}|Kepala Kantor",
    ],
    "CIVIL_SOCIETY": [
        "Pimpinan Daerah Muhammadiyah {region}|PDM {place}|Ketua",
        "Pengurus Cabang Nahdlatul Ulama {region}|PCNU {place}|Ketua",
        "Pimpinan Daerah Aisyiyah {region}|PDA {place}|Ketua",
        "Karang Taruna {region}|Karang Taruna {place}|Ketua",
        "Kwartir Cabang Gerakan Pramuka {region}|Kwarcab {place}|Ketua Kwartir",
        "Himpunan Mahasiswa Islam Cabang {place}|HMI {place}|Ketua Umum",
        "Pergerakan Mahasiswa Islam Indonesia Cabang {place}|PMII {place}|Ketua",
        "Persatuan Penyandang Disabilitas Indonesia {region}|PPDI {place}|Ketua",
        "Forum Kerukunan Umat Beragama {region}|FKUB {place}|Ketua",
        "Lembaga Swadaya Masyarakat {word} {place}|LSM {initials}|Direktur",
        "Perkumpulan Pemantau Demokrasi {word} {place}|PPD {initials}|Koordinator",
        "Majelis Ulama Indonesia {region}|MUI {place}|Ketua",
        "Tim Penggerak PKK {region}|TP PKK {place}|Ketua",
        "Gabungan Organisasi Wanita {region}|GOW {place}|Ketua",
    ],
    "MEDIA": [
        "Radio Republik Indonesia {place}|RRI {place}|Kepala Stasiun",
        "Televisi Republik Indonesia Stasiun {province}|TVRI {province}|Kepala Stasiun",
        "Radio Suara {place}|Radio Suara {place}|Direktur",
        "Harian {place} Pos|{place} Pos|Pemimpin Redaksi",
        "Radar {place}|Radar {place}|Pemimpin Redaksi",
        "PT {word} Media {place}|{word} Media|Direktur",
        "Lembaga Penyiaran Publik Lokal Radio {place}|LPPL {place}|Direktur",
        "Portal Berita {word} {place}|{word} News|Pemimpin Redaksi",
    ],
    "STATE_ENTERPRISE": [
        "PT Bank Rakyat Indonesia (Persero) Tbk Kantor Cabang {place}|BRI {place}|Pemimpin Cabang",
        "PT Bank Negara Indonesia (Persero) Tbk Kantor Cabang {place}|BNI {place}|Pemimpin Cabang",
        "PT Bank Mandiri (Persero) Tbk Kantor Cabang {place}|Mandiri {place}|Pemimpin Cabang",
        "PT Bank Pembangunan Daerah {province} Cabang {place}|BPD {place}|Pemimpin Cabang",
        "PT Pos Indonesia (Persero) Kantor Cabang {place}|Pos {place}|Kepala Kantor",
        "PT PLN (Persero) Unit Layanan Pelanggan {place}|PLN ULP {place}|Manajer",
        "PT Telkom Indonesia (Persero) Tbk Witel {place}|Telkom {place}|Manajer",
        "Perusahaan Umum Daerah Air Minum {region}|Perumda Air Minum {place}|Direktur Utama",
        "PT Bank Perekonomian Rakyat {word} {place}|BPR {initials}|Direktur",
    ],
    "PRIVATE": [
        "PT {word} {word2} {place}|PT {initials}|Direktur",
        "CV {word} {word2}|CV {initials}|Direktur",
        "Percetakan {word} {place}|Percetakan {word}|Pemilik",
        "Hotel {word} {place}|Hotel {word}|General Manager",
    ],
    "SECURITY": [
        "Kepolisian Resor {place}|Polres {place}|Kepala Kepolisian Resor",
        "Komando Distrik Militer {code} {place}|Kodim {code}|Komandan",
        "Kepolisian Daerah {province}|Polda {province}|Kepala Kepolisian Daerah",
        "Kepolisian Sektor {village} {place}|Polsek {village}|Kepala Kepolisian Sektor",
        "Komando Rayon Militer {village} {place}|Koramil {village}|Komandan",
    ],
    "PROFESSIONAL": [
        "Persatuan Wartawan Indonesia {region}|PWI {place}|Ketua",
        "Aliansi Jurnalis Independen {place}|AJI {place}|Ketua",
        "Ikatan Notaris Indonesia {region}|INI {place}|Ketua",
        "Perhimpunan Advokat Indonesia {place}|Peradi {place}|Ketua",
        "Persatuan Guru Republik Indonesia {region}|PGRI {place}|Ketua",
        "Ikatan Dokter Indonesia {region}|IDI {place}|Ketua",
        "Asosiasi Ilmu Politik Indonesia {place}|AIPI {place}|Ketua",
    ],
    "INTERNATIONAL": [
        "{word} Democracy Institute|{initials} DI|Country Director",
        "{word} Foundation for Elections|{initials} FE|Country Director",
    ],
    "OTHER": [
        "Pondok Pesantren {word} {place}|PP {initials} {place}|Pengasuh",
        "Yayasan {word} {place}|Yayasan {word}|Ketua Yayasan",
        "Koperasi {word} {place}|Kop {initials}|Ketua",
        "Badan Usaha Milik Desa {village} {place}|BUMDes {village}|Direktur",
    ],
}

# Institutions that exist once in the country, registered by KPU RI first.
NATIONAL_PARTNERS: dict[str, list[str]] = {
    "MINISTRY": [
        "Kementerian Dalam Negeri|Kemendagri|Menteri",
        "Kementerian Agama|Kemenag|Menteri",
        "Kementerian Pendidikan Dasar dan Menengah|Kemendikdasmen|Menteri",
        "Kementerian Pendidikan Tinggi, Sains, dan Teknologi|Kemdiktisaintek|Menteri",
        "Kementerian Komunikasi dan Digital|Komdigi|Menteri",
        "Kementerian Luar Negeri|Kemlu|Menteri",
        "Kementerian Hukum|Kemenkum|Menteri",
        "Kementerian Keuangan|Kemenkeu|Menteri",
        "Kementerian Sosial|Kemensos|Menteri",
        "Kementerian Pemuda dan Olahraga|Kemenpora|Menteri",
        "Kementerian Kesehatan|Kemenkes|Menteri",
        "Kementerian Imigrasi dan Pemasyarakatan|Kemenimipas|Menteri",
        "Direktorat Jenderal Kependudukan dan Pencatatan Sipil Kementerian Dalam Negeri"
        "|Ditjen Dukcapil|Direktur Jenderal",
        "Direktorat Jenderal Politik dan Pemerintahan Umum Kementerian Dalam Negeri"
        "|Ditjen Polpum|Direktur Jenderal",
    ],
    "STATE_BODY": [
        "Badan Siber dan Sandi Negara|BSSN|Kepala",
        "Arsip Nasional Republik Indonesia|ANRI|Kepala",
        "Badan Riset dan Inovasi Nasional|BRIN|Kepala",
        "Lembaga Administrasi Negara|LAN|Kepala",
        "Badan Kepegawaian Negara|BKN|Kepala",
        "Komisi Pemberantasan Korupsi|KPK|Ketua",
        "Pusat Pelaporan dan Analisis Transaksi Keuangan|PPATK|Kepala",
        "Badan Pengawasan Keuangan dan Pembangunan|BPKP|Kepala",
        "Komisi Nasional Hak Asasi Manusia|Komnas HAM|Ketua",
        "Komisi Penyiaran Indonesia|KPI|Ketua",
        "Dewan Pers|Dewan Pers|Ketua",
        "Badan Informasi Geospasial|BIG|Kepala",
    ],
    "INTERNATIONAL": [
        "International Foundation for Electoral Systems|IFES|Country Director",
        "United Nations Development Programme Indonesia|UNDP|Resident Representative",
        "The Asia Foundation|TAF|Country Representative",
        "Australian Electoral Commission|AEC|Electoral Commissioner",
        "Association of World Election Bodies|A-WEB|Secretary General",
        "International Institute for Democracy and Electoral Assistance|IDEA|Director",
        "Westminster Foundation for Democracy|WFD|Country Director",
        "Japan International Cooperation Agency|JICA|Chief Representative",
    ],
}

# Category weights of the partners an office registers, by the office's level.
CATEGORY_WEIGHTS: dict[str, dict[str, int]] = {
    "REGENCY": {
        "SCHOOL": 22, "LOCAL_GOVERNMENT": 18, "UNIVERSITY": 10, "CIVIL_SOCIETY": 14, "MEDIA": 8,
        "SECURITY": 6, "STATE_ENTERPRISE": 6, "PRIVATE": 5, "PROFESSIONAL": 3, "STATE_BODY": 3,
        "MINISTRY": 3, "OTHER": 2,
    },
    "PROVINCE": {
        "UNIVERSITY": 22, "LOCAL_GOVERNMENT": 14, "MEDIA": 12, "CIVIL_SOCIETY": 14,
        "SECURITY": 6, "STATE_ENTERPRISE": 8, "PROFESSIONAL": 8, "STATE_BODY": 6,
        "MINISTRY": 5, "PRIVATE": 4, "OTHER": 1,
    },
    "NATIONAL": {
        "MINISTRY": 20, "STATE_BODY": 20, "UNIVERSITY": 20, "INTERNATIONAL": 8, "MEDIA": 10,
        "CIVIL_SOCIETY": 12, "STATE_ENTERPRISE": 5, "PROFESSIONAL": 5,
    },
}  # fmt: skip

WORDS = [
    "Merdeka", "Brawijaya", "Pancasila", "Nusantara", "Dharma", "Wijaya", "Kusuma", "Cendekia",
    "Mandiri", "Bhakti", "Persada", "Bina Bangsa", "Al-Ikhlas", "Darussalam", "Nurul Huda",
    "Sunan Giri", "Trunojoyo", "Widya Dharma", "Satya Wacana", "Tunas Bangsa", "Kartini",
    "Diponegoro", "Hang Tuah", "Sriwijaya", "Andalas", "Mulawarman", "Cenderawasih",
    "Pattimura", "Sam Ratulangi", "Al-Hikmah", "Insan Cita", "Pelita", "Harapan", "Sejahtera",
    "Garuda", "Rajawali", "Cakrawala", "Mutiara", "Permata", "Bintang Timur", "Mahardika",
    "Nurul Iman", "Al-Falah", "Miftahul Ulum", "Bakti Nusa", "Gemilang", "Adhyaksa",
]  # fmt: skip
COMPANY_WORDS = [
    "Abadi", "Jaya", "Sejahtera", "Makmur", "Sentosa", "Prima", "Utama", "Perkasa", "Lestari",
    "Grafika", "Digital", "Teknologi", "Logistik", "Solusi", "Karya",
]  # fmt: skip
VILLAGES = [
    "Sukamaju", "Sidomulyo", "Mekarsari", "Karanganyar", "Tegalrejo", "Sumberejo", "Margomulyo",
    "Sukorejo", "Wonosari", "Tanjungsari", "Sindangsari", "Kalirejo", "Bojongsari", "Jatisari",
    "Purwodadi", "Ngadirejo", "Sidorejo", "Banjarsari", "Cibodas", "Sukadamai", "Pasirjaya",
    "Mulyorejo", "Tambakrejo", "Krajan", "Rejosari", "Sumbersari", "Padangsari", "Lubukraya",
]  # fmt: skip
FIRST_NAMES = [
    "Ahmad", "Budi", "Siti", "Dewi", "Agus", "Sri", "Joko", "Rina", "Hendra", "Nur", "Eko",
    "Fitri", "Bambang", "Yuni", "Dedi", "Ratna", "Wahyu", "Indah", "Rudi", "Lestari",
    "Muhammad", "Putu", "Made", "Ketut", "Andi", "Yohanes", "Maria", "Teuku", "Cut", "Rahmat",
    "Yusuf", "Hasan", "Ayu", "Rizki", "Fajar", "Nanda", "Imam", "Lukman", "Sinta", "Fransiskus",
]  # fmt: skip
LAST_NAMES = [
    "Santoso", "Wibowo", "Hidayat", "Saputra", "Kusuma", "Rahman", "Siregar", "Nasution",
    "Simanjuntak", "Hutapea", "Pratama", "Wijaya", "Setiawan", "Susanto", "Gunawan", "Purnomo",
    "Halim", "Lubis", "Harahap", "Sitompul", "Manurung", "Tanjung", "Syahputra", "Mahendra",
    "Utami", "Rahayu", "Permana", "Suryani", "Anwar", "Fauzi", "Pardede", "Mandagi", "Latuconsina",
]  # fmt: skip
PREFIXES = ["", "", "", "Dr. ", "Prof. Dr. ", "H. ", "Hj. ", "Ir. ", "Drs. "]
SUFFIXES = ["", ", S.H.", ", M.Si.", ", S.Sos.", ", M.Pd.", ", S.E., M.M.", ", S.IP.", ", M.H."]

AUDIENCES = [
    "Pemilih Pemula", "Generasi Muda", "Penyandang Disabilitas", "Perempuan", "Masyarakat Adat",
    "Santri", "Mahasiswa", "Pelajar SMA/SMK", "Komunitas Keagamaan", "Masyarakat Perbatasan",
    "Warga Binaan", "Pekerja Migran", "Kelompok Marginal", "Komunitas Seni dan Budaya",
]  # fmt: skip
CHANNELS = [
    "Media Sosial", "Siaran Radio", "Sekolah", "Rumah Pintar Pemilu", "Komunitas",
    "Siaran Televisi", "Kegiatan Keagamaan", "Pertunjukan Seni",
]  # fmt: skip

# Titles ("tentang") by scope. {region} "Kabupaten Ponorogo", {office} "KPU Kabupaten
# Ponorogo", {partner} the partner's short name, {year} an election year.
TITLES: dict[str, list[str]] = {
    "VOTER_EDUCATION": [
        "Pendidikan Pemilih bagi {audience} di {region}",
        "Pendidikan Pemilih Berkelanjutan melalui {channel}",
        "Program Rumah Pintar Pemilu bagi {audience}",
        "Peningkatan Literasi Kepemiluan {audience}",
        "Pembentukan Kader Demokrasi di Lingkungan {partner}",
    ],
    "SOCIALISATION": [
        "Sosialisasi Tahapan Pemilu {year} kepada {audience}",
        "Sosialisasi dan Penyebarluasan Informasi Kepemiluan di {region}",
        "Peningkatan Partisipasi Masyarakat dalam Pemilu di {region}",
        "Kampanye Anti Golput dan Politik Uang bagi {audience}",
        "Sosialisasi Pilkada Serentak kepada {audience}",
        "Gerakan Sadar Demokrasi melalui {channel}",
    ],
    "INTERNSHIP": [
        "KKN Tematik Kepemiluan Mahasiswa {partner}",
        "Magang Mahasiswa di Sekretariat {office}",
        "Program Magang dan Praktik Kerja Lapangan Mahasiswa {partner}",
        "Kuliah Kerja Nyata Tematik Demokrasi dan Kepemiluan",
        "Program Merdeka Belajar Kampus Merdeka di Lingkungan {office}",
    ],
    "RESEARCH": [
        "Riset Partisipasi Masyarakat pada Pemilu {year}",
        "Riset dan Pengembangan Sistem Informasi Kepemiluan",
        "Kajian Evaluasi Penyelenggaraan Pemilu {year} di {region}",
        "Penelitian Bersama tentang Tata Kelola Pemilu",
        "Penelitian Perilaku Pemilih di {region}",
    ],
    "POPULATION_DATA": [
        "Pemanfaatan Data Kependudukan untuk Pemutakhiran Data Pemilih",
        "Pemanfaatan Nomor Induk Kependudukan, Data Kependudukan dan KTP Elektronik",
        "Pertukaran Data dan Informasi Kependudukan di {region}",
        "Pemanfaatan Data Kependudukan dalam Penyelenggaraan Pemilu dan Pilkada",
    ],
    "SECURITY": [
        "Pengamanan Penyelenggaraan Pemilu di {region}",
        "Pengamanan Logistik dan Distribusi Perlengkapan Pemungutan Suara",
        "Pengamanan Kantor dan Gudang Logistik {office}",
        "Dukungan Pengamanan Tahapan Pemilu {year}",
    ],
    "PUBLICATION": [
        "Publikasi dan Penyebarluasan Informasi Tahapan Pemilu",
        "Publikasi Kegiatan Kepemiluan melalui {channel}",
        "Peliputan dan Publikasi Hasil Pemilu {year}",
        "Iklan Layanan Masyarakat Kepemiluan di {region}",
    ],
    "FACILITIES": [
        "Pinjam Pakai Gedung untuk Gudang Logistik Pemilu",
        "Penyediaan Fasilitas dan Sarana Prasarana Penyelenggaraan Pemilu",
        "Pemanfaatan Aula dan Ruang Rapat untuk Kegiatan Kepemiluan",
        "Layanan Perbankan dan Pembayaran Honorarium Badan Ad Hoc",
        "Penyediaan Jaringan Internet dan Layanan Telekomunikasi",
        "Layanan Pos untuk Distribusi Logistik Pemilu",
    ],
    "OTHER": [
        "Sinergi dan Kerja Sama Penyelenggaraan Pemilu",
        "Penguatan Kelembagaan dan Tata Kelola Kepemiluan",
        "Pengembangan Sumber Daya Manusia Penyelenggara Pemilu",
        "Pengelolaan Arsip dan Dokumentasi Kepemiluan",
        "Pelayanan Kesehatan bagi Badan Ad Hoc Penyelenggara Pemilu",
        "Pemenuhan Hak Pilih Warga Binaan Pemasyarakatan",
    ],
}
NK_PREFIXES = ["Kerja Sama dalam ", "Sinergi ", "Kerja Sama di Bidang ", ""]

# The primary scope of an agreement by its first partner's category.
SCOPE_WEIGHTS: dict[str, dict[str, int]] = {
    "UNIVERSITY": {"INTERNSHIP": 35, "RESEARCH": 25, "VOTER_EDUCATION": 12, "SOCIALISATION": 18,
                   "PUBLICATION": 10},
    "SCHOOL": {"VOTER_EDUCATION": 30, "SOCIALISATION": 70},
    "LOCAL_GOVERNMENT": {"POPULATION_DATA": 25, "FACILITIES": 35, "SOCIALISATION": 25, "OTHER": 15},
    "SECURITY": {"SECURITY": 90, "OTHER": 10},
    "MEDIA": {"PUBLICATION": 70, "SOCIALISATION": 30},
    "CIVIL_SOCIETY": {"SOCIALISATION": 50, "VOTER_EDUCATION": 30, "OTHER": 20},
    "STATE_ENTERPRISE": {"FACILITIES": 60, "OTHER": 25, "SOCIALISATION": 15},
    "PRIVATE": {"FACILITIES": 55, "PUBLICATION": 30, "OTHER": 15},
    "MINISTRY": {"POPULATION_DATA": 25, "SECURITY": 10, "SOCIALISATION": 30, "OTHER": 35},
    "STATE_BODY": {"OTHER": 40, "RESEARCH": 20, "SOCIALISATION": 20, "PUBLICATION": 20},
    "PROFESSIONAL": {"OTHER": 40, "SOCIALISATION": 30, "VOTER_EDUCATION": 15, "PUBLICATION": 15},
    "INTERNATIONAL": {"RESEARCH": 40, "OTHER": 40, "VOTER_EDUCATION": 20},
    "OTHER": {"SOCIALISATION": 50, "VOTER_EDUCATION": 30, "OTHER": 20},
}  # fmt: skip
DIVISI_BY_SCOPE = {
    "VOTER_EDUCATION": "PARTICIPATION",
    "SOCIALISATION": "PARTICIPATION",
    "INTERNSHIP": "PARTICIPATION",
    "RESEARCH": "PLANNING",
    "POPULATION_DATA": "PLANNING",
    "SECURITY": "TECHNICAL",
    "PUBLICATION": "PARTICIPATION",
    "FACILITIES": "SECRETARIAT",
    "OTHER": "LAW",
}


def person(rng: random.Random) -> str:
    """A name as written on a signature line, e.g. "Dr. Siti Rahayu, M.Si."."""
    return (
        f"{rng.choice(PREFIXES)}{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}"
        f"{rng.choice(SUFFIXES)}"
    )


def initials(words: str) -> str:
    """ "Bina Bangsa" → "BB"; a single word stays as it is ("Mulawarman")."""
    parts = words.replace("-", " ").split()
    return "".join(part[0] for part in parts).upper() if len(parts) > 1 else words


def fill(template: str, rng: random.Random, places: dict[str, str]) -> tuple[str, dict]:
    """`template` with its tokens filled; returns the text and the values used (so a short
    name made from the same values matches the long one)."""
    word = rng.choice(WORDS)
    values = places | {
        "n": rng.randint(1, 12),
        "word": word,
        "initials": initials(word),
        "word2": rng.choice(COMPANY_WORDS),
        "village": rng.choice(VILLAGES),
        "code": f"08{rng.randint(1, 30):02d}",
    }
    return template.format(**values), values


def title_for(rng: random.Random, scope: str, kind: str, values: dict[str, str]) -> str:
    """An agreement subject ("tentang") of `scope`; an NK's sometimes reads as a framework."""
    text = rng.choice(TITLES[scope]).format(
        audience=rng.choice(AUDIENCES),
        channel=rng.choice(CHANNELS),
        year=rng.choice((2019, 2024, 2029)),
        **values,
    )
    if kind == "NK":
        text = rng.choice(NK_PREFIXES) + text
    return text
