"""Writes a copy of a test set at another magnification, as a microscope with another objective would give it:
images zoomed with a box filter when shrinking and bicubic when enlarging (16-bit kept), semantic and instance
labels with nearest neighbour.
usage: rescale_cases.py FACTOR IMAGES LABELS INSTANCES OUT   (OUT gets imagesTs, labelsTs, labelsTs_instances)"""
import os
import sys

import numpy as np
from PIL import Image

factor = float(sys.argv[1])
images, labels, instances, out = sys.argv[2:6]


def zoom(array, resample):
    h, w = array.shape
    size = (max(1, round(w * factor)), max(1, round(h * factor)))
    return np.array(Image.fromarray(array.astype(np.int32), mode="I").resize(size, resample))


for source, target, resample in ((images, "imagesTs", Image.BOX if factor < 1 else Image.BICUBIC),
                                  (labels, "labelsTs", Image.NEAREST),
                                  (instances, "labelsTs_instances", Image.NEAREST)):
    os.makedirs(os.path.join(out, target), exist_ok=True)
    for name in sorted(os.listdir(source)):
        if name.endswith(".png"):
            array = np.array(Image.open(os.path.join(source, name)))
            zoomed = np.clip(zoom(array, resample), 0, 65535).astype(np.uint16 if array.dtype != np.uint8 else np.uint8)
            Image.fromarray(zoomed).save(os.path.join(out, target, name))
