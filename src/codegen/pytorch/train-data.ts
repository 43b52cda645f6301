// The dataset readers of the generated train.py: the sets `nnc train --data` reads, read the same
// way (src/data/), so both see the same tensors: a folder of MNIST IDX files (values / 255), a CSV
// file (the label column, classes in sorted order, numerically when all are integers, every fifth
// row for testing), and a folder with one sub-folder of PNG or JPEG images per class (classes and
// files sorted by name, every fifth file of a class for testing, values / 255, decoded with Pillow
// to nnc's values in RGB and in greyscale (libvips's sRGB luminance, computed its way); images of
// another size are resized with Pillow's Lanczos filter, which is close to, not equal to, libvips's).

export const DATA_PY = String.raw`class DataError(Exception):
    """Bad data, told in one line naming the file."""


def read_idx(path):
    try:
        with open(path, "rb") as f:
            data = f.read()
    except OSError as e:
        raise DataError("cannot read '%s': %s" % (path, e.strerror))
    dims = data[3]
    shape = [int.from_bytes(data[4 + 4 * i:8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(data, np.uint8, offset=4 + 4 * dims).reshape(shape)


def load_mnist(folder):
    x = read_idx(os.path.join(folder, "train-images-idx3-ubyte")).astype(np.float32) / 255.0
    y = read_idx(os.path.join(folder, "train-labels-idx1-ubyte")).astype(np.int64)
    tx = read_idx(os.path.join(folder, "t10k-images-idx3-ubyte")).astype(np.float32) / 255.0
    ty = read_idx(os.path.join(folder, "t10k-labels-idx1-ubyte")).astype(np.int64)
    return x[..., None], y, tx[..., None], ty, [str(i) for i in range(10)]


def _csv_rows(path, delimiter):
    try:
        with open(path, newline="", encoding="utf-8-sig") as f:
            text = f.read()
    except (OSError, UnicodeDecodeError) as e:
        raise DataError("cannot read '%s': %s" % (path, e))
    first = text.split("\n", 1)[0]
    if delimiter is None:
        unquoted = re.sub(r'"[^"]*"', "", first)
        counts = [unquoted.count(d) for d in ",;\t"]
        delimiter = ",;\t"[counts.index(max(counts))] if max(counts) else ","
    lines = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    for cells in lines:
        cells = [c.strip() for c in cells]
        if cells and cells != [""]:
            rows.append((lines.line_num, cells))
    if not rows:
        raise DataError("%s: the file is empty; expected a header row naming the columns" % path)
    return rows[0][1], rows[1:]


NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


def load_csv(path, label, delimiter, skip_bad):
    header, rows = _csv_rows(path, delimiter)
    wanted = label or "label"
    lower = [h.lower() for h in header]
    if wanted in header:
        col = header.index(wanted)
    elif wanted.lower() in lower:
        col = lower.index(wanted.lower())
    else:
        raise DataError("%s:1: no '%s' column (columns: %s)" % (path, wanted, ", ".join("'%s'" % h for h in header)))
    features = [j for j in range(len(header)) if j != col]
    good, bad = [], []
    for line, cells in rows:
        problem = None
        if len(cells) != len(header):
            problem = "%d values, but the header has %d columns" % (len(cells), len(header))
        elif cells[col] == "":
            problem = "no label in column '%s'" % header[col]
        else:
            wrong = [j for j in features if not NUMBER.match(cells[j]) or not math.isfinite(float(cells[j]))]
            if wrong:
                problem = "'%s' in column '%s' is not a number" % (cells[wrong[0]], header[wrong[0]])
        if problem:
            bad.append("%s:%d: %s" % (path, line, problem))
        else:
            good.append(cells)
    if bad and not skip_bad:
        raise DataError("%s (use --skip-bad to skip bad rows)" % bad[0] if len(bad) == 1 else
                        "%d bad rows in %s (use --skip-bad to skip them):\n  %s" % (len(bad), path, "\n  ".join(bad[:20])))
    if not good:
        raise DataError("%s: no data rows" % path)
    names = sorted({r[col] for r in good})
    if all(re.match(r"^[+-]?\d+$", c) for c in names):
        names.sort(key=lambda c: (int(c), c))
    index = {c: i for i, c in enumerate(names)}
    x = np.array([[float(r[j]) for j in features] for r in good], np.float32).reshape(len(good), len(features))
    y = np.array([index[r[col]] for r in good], np.int64)
    test = np.arange(len(good)) % 5 == 4
    return x[~test], y[~test], x[test], y[test], names


IMAGE = re.compile(r"\.(png|jpe?g)$", re.IGNORECASE)


def _srgb_to_linear(v):
    return np.where(v <= 0.04045, v / 12.92, ((v + 0.055) / 1.055) ** 2.4)


def _linear_to_srgb(v):
    return np.where(v <= 0.0031308, v * 12.92, 1.055 * np.maximum(v, 0) ** (1 / 2.4) - 0.055)


_GREY_LUT = np.rint(_linear_to_srgb(np.arange(257) / 255.0) * 255)


def decode_image(path, shape):
    """One image as (height, width, channels 1 or 3) values in [0, 1], as nnc decodes it."""
    try:
        from PIL import Image
    except ImportError:
        raise DataError("reading image folders needs Pillow: apt-get install python3-pil, or pip install pillow")
    h, w, c = shape
    try:
        with Image.open(path) as im:
            rgb = im.convert("RGB")
            if rgb.size != (w, h):
                rgb = rgb.resize((w, h), Image.LANCZOS)
            values = np.asarray(rgb, np.float64) / 255.0
    except Exception as e:
        raise DataError("%s: cannot decode the image (%s)" % (path, str(e).split("\n")[0]))
    if c == 1:
        # libvips's greyscale: linear luminance, back to sRGB through its table of 8-bit values.
        y = np.clip((_srgb_to_linear(values) @ np.array([0.2126, 0.7152, 0.0722])) * 255, 0, 255)
        i = np.minimum(np.floor(y).astype(int), 254)
        grey = np.rint(_GREY_LUT[i] + (_GREY_LUT[i + 1] - _GREY_LUT[i]) * (y - i))
        values = (grey / 255.0)[..., None]
    return values.astype(np.float32)


def load_image_folder(folder, shape, skip_bad):
    if shape is None:
        shape = (64, 64, 3)
    if len(shape) != 3 or shape[2] not in (1, 3):
        raise DataError("images need a model input of height x width x 1 or 3 channels, not %s" % "x".join(map(str, shape)))
    classes = sorted(e.name for e in os.scandir(folder) if e.is_dir() and not e.name.startswith("."))
    if not classes:
        raise DataError("%s: no class sub-folders; put each class's images in a folder of its own" % folder)
    train, test, bad = [], [], []
    for label, name in enumerate(classes):
        kept = 0
        for f in sorted(e.name for e in os.scandir(os.path.join(folder, name)) if IMAGE.search(e.name)):
            try:
                x = decode_image(os.path.join(folder, name, f), shape)
            except DataError as e:
                bad.append(str(e))
                continue
            (test if kept % 5 == 4 else train).append((x, label))
            kept += 1
    if bad and not skip_bad:
        raise DataError("%s; use --skip-bad to skip unreadable images" % bad[0] if len(bad) == 1 else
                        "%d images in %s cannot be decoded (use --skip-bad to skip them):\n  %s" % (len(bad), folder, "\n  ".join(bad[:20])))
    if not train:
        raise DataError("%s: no readable PNG or JPEG images in the class folders" % folder)

    def pack(samples):
        x = np.stack([s[0] for s in samples]) if samples else np.zeros((0, *shape), np.float32)
        return x, np.array([s[1] for s in samples], np.int64)

    return (*pack(train), *pack(test), classes)


def load_data(spec, limit=None, shape=None, label=None, delimiter=None, skip_bad=False):
    """(x, y, test x, test y, class names) of --data, the training split cut to its first limit samples."""
    if os.path.isdir(spec):
        if os.path.exists(os.path.join(spec, "train-images-idx3-ubyte")):
            data = load_mnist(spec)
        else:
            data = load_image_folder(spec, shape, skip_bad)
    elif spec.lower().endswith(".csv"):
        data = load_csv(spec, label, delimiter, skip_bad)
    else:
        raise DataError("cannot use '%s' as data: use a folder of MNIST IDX files, a folder with one sub-folder of images per class, or a .csv file" % spec)
    x, y, tx, ty, classes = data
    if limit is not None:
        x, y = x[:limit], y[:limit]
    return x, y, tx, ty, classes
`;
