#pragma once
// The demo world's data: Debian's dataset-fashion-mnist and the InD/OOD split of METHOD.md.
#include "data/IdxReader.h"

#include <array>
#include <string>

namespace synood::demo {

constexpr int kNumClasses = 10;
extern const std::array<const char*, kNumClasses> kClassNames;
// InD: T-shirt/top, Trouser, Pullover, Dress, Sandal, Bag. Held out: Coat, Shirt, Sneaker, Ankle boot.
constexpr std::array<int, 6> kInDClasses{0, 1, 2, 3, 5, 8};
constexpr std::array<int, 4> kHeldOutClasses{4, 6, 7, 9};
bool isInD(int label);

enum class Split { Train, Test };

struct FashionMnist {
    IdxArray images;  // {N, 28, 28}
    IdxArray labels;  // {N}
};

// Folder of the .gz files; $SYNOOD_FASHION_MNIST_DIR overrides Debian's location.
std::string fashionMnistDir();
// Throws SynoodError when the files are absent or inconsistent (says to install the package).
FashionMnist loadFashionMnist(Split split);

}  // namespace synood::demo
