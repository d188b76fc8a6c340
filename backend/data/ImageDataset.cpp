#include "data/ImageDataset.h"

#include "core/Error.h"
#include "core/Numbers.h"
#include "core/Sha256.h"
#include "data/IdxReader.h"
#include "data/ImageFolder.h"
#include "data/ImageIO.h"

#include <algorithm>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>

namespace fs = std::filesystem;

namespace synood {

namespace {

class FilesDataset : public ImageDataset {
public:
    FilesDataset(std::vector<std::string> paths, std::vector<int> labels) : m_paths(std::move(paths)), m_labels(std::move(labels)) {}
    size_t size() const override { return m_paths.size(); }
    cv::Mat load(size_t i) const override { return readImage(m_paths.at(i)); }
    std::string name(size_t i) const override { return m_paths.at(i); }
    int label(size_t i) const override { return m_labels.empty() ? -1 : m_labels.at(i); }
    std::string fingerprint() const override {
        std::string material;
        for (const auto& p : m_paths) {
            std::error_code ec;
            material += p + "|" + std::to_string(fs::file_size(p, ec)) + "|" +
                        std::to_string(fs::last_write_time(p, ec).time_since_epoch().count()) + "\n";
        }
        return sha256OfBytes(material);
    }

private:
    std::vector<std::string> m_paths;
    std::vector<int> m_labels;
};

// Some images of another dataset, which must outlive it.
class SubsetDataset : public ImageDataset {
public:
    SubsetDataset(const ImageDataset& whole, std::vector<size_t> indices) : m_whole(whole), m_indices(std::move(indices)) {}
    size_t size() const override { return m_indices.size(); }
    cv::Mat load(size_t i) const override { return m_whole.load(m_indices.at(i)); }
    std::string name(size_t i) const override { return m_whole.name(m_indices.at(i)); }
    int label(size_t i) const override { return m_whole.label(m_indices.at(i)); }
    std::string fingerprint() const override {
        std::string material = m_whole.fingerprint();
        for (size_t i : m_indices) material += "|" + std::to_string(i);
        return sha256OfBytes(material);
    }

private:
    const ImageDataset& m_whole;
    std::vector<size_t> m_indices;
};

class IdxImages : public ImageDataset {
public:
    IdxImages(const std::string& file, IdxArray images, std::vector<int> labels, std::vector<size_t> rows, std::string selection)
        : m_file(file),
          m_images(std::move(images)),
          m_labels(std::move(labels)),
          m_rows(std::move(rows)),
          m_selection(std::move(selection)) {}
    size_t size() const override { return m_rows.size(); }
    cv::Mat load(size_t i) const override {
        const size_t row = m_rows.at(i);
        const int h = m_images.dims[1], w = m_images.dims.size() > 2 ? m_images.dims[2] : 1;
        const cv::Mat view(h, w, CV_8U, const_cast<uint8_t*>(&m_images.data[row * static_cast<size_t>(h * w)]));
        return view.clone();
    }
    std::string name(size_t i) const override { return m_file + "#" + std::to_string(m_rows.at(i)); }
    int label(size_t i) const override { return m_labels.empty() ? -1 : m_labels[m_rows.at(i)]; }
    std::string fingerprint() const override {
        if (m_fingerprint.empty()) m_fingerprint = sha256OfBytes(sha256OfFile(m_file) + "|" + m_selection);
        return m_fingerprint;
    }

private:
    std::string m_file;
    IdxArray m_images;
    std::vector<int> m_labels;  // per row of the file
    std::vector<size_t> m_rows;
    std::string m_selection;
    mutable std::string m_fingerprint;
};

std::string labelsFileFor(const std::string& imagesFile) {
    std::string labels = imagesFile;
    const auto pos = labels.find("images-idx3");
    if (pos == std::string::npos) return {};
    labels.replace(pos, 11, "labels-idx1");
    std::error_code ec;
    return fs::exists(labels, ec) ? labels : std::string();
}

}  // namespace

std::unique_ptr<ImageDataset> imageFolderDataset(const std::string& root) {
    ImageFolderDataset ds = scanImageFolder(root);
    std::vector<std::string> paths;
    std::vector<int> labels;
    for (auto& item : ds.items) {
        paths.push_back(std::move(item.path));
        labels.push_back(item.classIndex);
    }
    return std::make_unique<FilesDataset>(std::move(paths), std::move(labels));
}

std::unique_ptr<ImageDataset> subsetDataset(const ImageDataset& whole, std::vector<size_t> indices) {
    for (size_t i : indices) {
        if (i >= whole.size()) throw SynoodError("image " + std::to_string(i) + " is not in the set", "dataset subset", "a bug: report it");
    }
    return std::make_unique<SubsetDataset>(whole, std::move(indices));
}

std::unique_ptr<ImageDataset> imageFilesDataset(std::vector<std::string> paths) {
    return std::make_unique<FilesDataset>(std::move(paths), std::vector<int>{});
}

std::unique_ptr<ImageDataset> idxDataset(const std::string& imagesFile, const std::vector<int>& keepLabels) {
    IdxArray images = readIdx(imagesFile);
    if (images.dims.size() != 3) {
        throw SynoodError("an IDX image file must have 3 dimensions (count, height, width)", imagesFile,
                          "give the images file, not the labels file");
    }
    std::vector<int> labels;
    const std::string labelsFile = labelsFileFor(imagesFile);
    if (!labelsFile.empty()) {
        const IdxArray l = readIdx(labelsFile);
        if (l.count() != images.count()) throw SynoodError("labels and images disagree on the count", labelsFile, "use matching files");
        labels.assign(l.data.begin(), l.data.end());
    } else if (!keepLabels.empty()) {
        throw SynoodError("a label selection needs the labels file beside the images file", imagesFile,
                          "put the matching *-labels-idx1-ubyte.gz next to it");
    }
    std::vector<size_t> rows;
    for (size_t i = 0; i < static_cast<size_t>(images.count()); ++i) {
        if (keepLabels.empty() || std::find(keepLabels.begin(), keepLabels.end(), labels[i]) != keepLabels.end()) {
            rows.push_back(i);
        }
    }
    if (rows.empty()) throw SynoodError("no image has the selected labels", imagesFile, "check the @labels list");
    std::string selection;
    for (int l : keepLabels) selection += std::to_string(l) + ",";
    return std::make_unique<IdxImages>(imagesFile, std::move(images), std::move(labels), std::move(rows), selection);
}

namespace {

std::mutex& schemesMutex() {
    static std::mutex m;
    return m;
}
std::map<std::string, DatasetScheme>& schemes() {
    static std::map<std::string, DatasetScheme> s;
    return s;
}

// "demo:ind" → ("demo", "ind"); nullopt when the spec does not start with a lower-case word and a colon.
std::optional<std::pair<std::string, std::string>> schemeOf(const std::string& spec) {
    const auto colon = spec.find(':');
    if (colon == std::string::npos || colon == 0) return std::nullopt;
    for (size_t i = 0; i < colon; ++i) {
        if (spec[i] < 'a' || spec[i] > 'z') return std::nullopt;
    }
    return std::make_pair(spec.substr(0, colon), spec.substr(colon + 1));
}

}  // namespace

void registerDatasetScheme(const std::string& scheme, DatasetScheme open) {
    const std::lock_guard lock(schemesMutex());
    schemes()[scheme] = std::move(open);
}

std::unique_ptr<ImageDataset> openImageDataset(const std::string& spec) {
    std::error_code ec;
    if (const auto scheme = schemeOf(spec); scheme && !fs::exists(spec, ec)) {
        DatasetScheme open;
        {
            const std::lock_guard lock(schemesMutex());
            const auto it = schemes().find(scheme->first);
            if (it != schemes().end()) open = it->second;
        }
        if (!open)
            throw SynoodError("unknown dataset scheme '" + scheme->first + ":'", spec, "give a folder, an IDX .gz file or demo:NAME");
        return open(scheme->second);
    }
    std::string path = spec;
    std::vector<int> keep;
    const auto at = spec.rfind('@');
    if (at != std::string::npos && at > 0) {
        path = spec.substr(0, at);
        std::stringstream list(spec.substr(at + 1));
        std::string item;
        while (std::getline(list, item, ',')) {
            const std::optional<long long> label = parseInteger(item);
            if (!label || *label < 0 || *label > 255)
                throw SynoodError("not a label number (0-255): '" + item + "'", spec, "write FILE.gz@0,1,2");
            keep.push_back(static_cast<int>(*label));
        }
    }
    if (fs::is_directory(path, ec)) {
        if (!keep.empty()) throw SynoodError("label selection applies to IDX files only", spec, "give a folder of the classes you want");
        return imageFolderDataset(path);
    }
    if (fs::is_regular_file(path, ec)) return idxDataset(path, keep);
    throw SynoodError("no such dataset", spec, "give an ImageFolder directory or an IDX .gz file");
}

}  // namespace synood
