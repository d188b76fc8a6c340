#include "demo/FashionMnist.h"

#include "core/Error.h"

#include <algorithm>
#include <cstdlib>
#include <filesystem>

namespace synood::demo {

const std::array<const char*, kNumClasses> kClassNames{"T-shirt/top", "Trouser", "Pullover", "Dress", "Coat",
                                                       "Sandal",      "Shirt",   "Sneaker",  "Bag",   "Ankle boot"};

bool isInD(int label) { return std::find(kInDClasses.begin(), kInDClasses.end(), label) != kInDClasses.end(); }

std::string fashionMnistDir() {
    if (const char* env = std::getenv("SYNOOD_FASHION_MNIST_DIR"); env && *env) return env;
    return "/usr/share/datasets/fashion-mnist";
}

FashionMnist loadFashionMnist(Split split) {
    const std::string dir = fashionMnistDir();
    const std::string prefix = split == Split::Train ? "train" : "t10k";
    const std::string images = dir + "/" + prefix + "-images-idx3-ubyte.gz";
    const std::string labels = dir + "/" + prefix + "-labels-idx1-ubyte.gz";
    if (!std::filesystem::exists(images) || !std::filesystem::exists(labels)) {
        throw SynoodError("Fashion-MNIST is not installed", images,
                          "install Debian's dataset-fashion-mnist package (scripts/install-deps.sh)");
    }
    FashionMnist out{readIdx(images), readIdx(labels)};
    if (out.images.dims.size() != 3 || out.labels.dims.size() != 1 || out.images.count() != out.labels.count()) {
        throw SynoodError("image and label files disagree on shape or count", dir, "reinstall dataset-fashion-mnist");
    }
    return out;
}

}  // namespace synood::demo
