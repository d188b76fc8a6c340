#include "data/ImageFolder.h"

#include "core/Error.h"

#include <algorithm>
#include <cctype>
#include <filesystem>

namespace fs = std::filesystem;

namespace synood {

bool hasImageExtension(const std::string& path) {
    std::string ext = fs::path(path).extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    static const char* known[] = {".png", ".jpg", ".jpeg", ".bmp", ".tif", ".tiff", ".webp"};
    return std::any_of(std::begin(known), std::end(known), [&](const char* k) { return ext == k; });
}

ImageFolderDataset scanImageFolder(const std::string& root) {
    std::error_code ec;
    if (!fs::is_directory(root, ec)) {
        throw SynoodError("not a folder", root, "give a folder with one subfolder per class");
    }
    ImageFolderDataset ds;
    ds.root = root;
    for (const auto& entry : fs::directory_iterator(root, ec)) {
        if (entry.is_directory()) ds.classes.push_back(entry.path().filename().string());
    }
    std::sort(ds.classes.begin(), ds.classes.end());
    for (size_t c = 0; c < ds.classes.size(); ++c) {
        std::vector<std::string> files;
        const fs::path dir = fs::path(root) / ds.classes[c];
        for (const auto& entry : fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied, ec)) {
            if (entry.is_regular_file() && hasImageExtension(entry.path().string())) {
                files.push_back(entry.path().string());
            }
        }
        std::sort(files.begin(), files.end());
        for (auto& f : files) ds.items.push_back({std::move(f), static_cast<int>(c)});
    }
    if (ds.items.empty()) {
        throw SynoodError("no images found in class subfolders", root, "expected root/<class>/<image>.png (or .jpg, ...)");
    }
    return ds;
}

std::string classFolderName(const std::string& className) {
    std::string out;
    for (char c : className) {
        out += (c == '/' || c == ' ') ? '_' : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

}  // namespace synood
