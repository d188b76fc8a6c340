#pragma once
// A list of images to encode or score: files of an ImageFolder tree, or the images of an IDX file.
#include <cstdint>
#include <functional>
#include <memory>
#include <opencv2/core/mat.hpp>
#include <string>
#include <vector>

namespace synood {

class ImageDataset {
public:
    virtual ~ImageDataset() = default;
    virtual size_t size() const = 0;
    // Decodes image i (may run on several threads at once). Throws SynoodError naming it.
    virtual cv::Mat load(size_t i) const = 0;
    virtual std::string name(size_t i) const = 0;  // path, or "file.gz#index"
    virtual int label(size_t i) const = 0;         // class index, -1 when unknown
    // Identifies the content (paths with sizes and mtimes, or the IDX file's sha256 and the
    // selection): a feature cache made for other content is refused.
    virtual std::string fingerprint() const = 0;
};

// Dataset spec, as the CLI takes it:
//   DIR                    an ImageFolder tree (one subfolder per class)
//   FILE.gz[@c1,c2,...]    images of an IDX file (labels from the matching labels file),
//                          optionally only the listed label values
//   SCHEME:NAME            a dataset of a registered scheme (the demo world registers demo:, with
//                          ind, near, glyphs, textures, ind-train and the scenes-* sets)
std::unique_ptr<ImageDataset> openImageDataset(const std::string& spec);

// Makes specs "SCHEME:NAME" open through `open` (given NAME). Registering a scheme again replaces it.
// Lets worlds above data/ (the demo) name their datasets without data/ knowing them.
using DatasetScheme = std::function<std::unique_ptr<ImageDataset>(const std::string& name)>;
void registerDatasetScheme(const std::string& scheme, DatasetScheme open);

std::unique_ptr<ImageDataset> imageFolderDataset(const std::string& root);
std::unique_ptr<ImageDataset> imageFilesDataset(std::vector<std::string> paths);
// The images `indices` of `whole`, which must outlive the subset.
std::unique_ptr<ImageDataset> subsetDataset(const ImageDataset& whole, std::vector<size_t> indices);
std::unique_ptr<ImageDataset> idxDataset(const std::string& imagesFile, const std::vector<int>& keepLabels = {});

}  // namespace synood
