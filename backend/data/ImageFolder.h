#pragma once
// A dataset laid out as one subfolder per class (torchvision's ImageFolder convention).
#include <string>
#include <vector>

namespace synood {

struct ImageFolderItem {
    std::string path;  // absolute or as given + relative
    int classIndex = 0;
};

struct ImageFolderDataset {
    std::string root;
    std::vector<std::string> classes;    // sorted subfolder names
    std::vector<ImageFolderItem> items;  // sorted by class, then file name
};

// Lists image files (png, jpg, jpeg, bmp, tif, tiff, webp; any case) below root/<class>/,
// recursively. Throws SynoodError when root is not a folder or holds no class folder with images.
ImageFolderDataset scanImageFolder(const std::string& root);

bool hasImageExtension(const std::string& path);

// A class name as a folder name: lower case, '/' and ' ' become '_' ("T-shirt/top" -> "t-shirt_top").
std::string classFolderName(const std::string& className);

}  // namespace synood
