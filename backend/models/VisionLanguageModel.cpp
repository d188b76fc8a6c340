#include "models/VisionLanguageModel.h"

#include "core/Error.h"
#include "data/ImageIO.h"
#include "data/PilResize.h"
#include "models/DemoClip.h"
#include "models/TorchScriptClip.h"

#include <ATen/ATen.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

namespace synood {

at::Tensor normalizeFeatures(const at::Tensor& features) {
    return features / features.norm(2, -1, true).clamp_min(1e-12);
}

at::Tensor VisionLanguageModel::preprocess(const cv::Mat& image) const {
    const int size = m_pack.imageSize;
    const int w = image.cols, h = image.rows;
    if (w <= 0 || h <= 0) throw SynoodError("empty image", "preprocess", "check the image file");
    // torchvision Resize(size): the shorter side becomes `size`, the longer int(size * long / short).
    const int shortSide = std::min(w, h), longSide = std::max(w, h);
    const int newLong = static_cast<int>(static_cast<double>(size) * longSide / shortSide);
    const int nw = w <= h ? size : newLong;
    const int nh = w <= h ? newLong : size;
    // 8-bit images: Pillow's bicubic exactly, as CLIP's Python preprocessing. 16-bit images (which
    // CLIP's pipeline would reduce to 8 bits first): OpenCV, area averaging when shrinking.
    cv::Mat resized;
    if (image.depth() == CV_8U) {
        resized = resizeBicubicLikePil(image, nw, nh);
    } else {
        cv::resize(image, resized, cv::Size(nw, nh), 0, 0, shortSide > size ? cv::INTER_AREA : cv::INTER_CUBIC);
    }
    // CenterCrop offsets, rounded half to even as Python's round().
    const int top = static_cast<int>(std::nearbyint((resized.rows - size) / 2.0));
    const int left = static_cast<int>(std::nearbyint((resized.cols - size) / 2.0));
    const cv::Mat cropped = resized(cv::Rect(left, top, size, size));
    at::Tensor t = imageToTensor(cropped, ChannelMode::RGB);
    const at::Tensor mean = at::tensor({m_pack.mean[0], m_pack.mean[1], m_pack.mean[2]}).view({3, 1, 1});
    const at::Tensor stdv = at::tensor({m_pack.std[0], m_pack.std[1], m_pack.std[2]}).view({3, 1, 1});
    return (t - mean) / stdv;
}

at::Tensor VisionLanguageModel::encodeTexts(const std::vector<std::string>& texts, int batchSize, const JobContext& ctx) {
    const TextTokenizer& tok = tokenizer();
    const int L = tok.contextLength();
    std::vector<at::Tensor> parts;
    for (size_t start = 0; start < texts.size(); start += static_cast<size_t>(batchSize)) {
        ctx.checkCancelled();
        const size_t n = std::min(texts.size() - start, static_cast<size_t>(batchSize));
        at::Tensor ids = at::zeros({static_cast<int64_t>(n), L}, at::kLong);
        auto acc = ids.accessor<int64_t, 2>();
        for (size_t i = 0; i < n; ++i) {
            const auto row = tok.tokenizeRow(texts[start + i]);
            for (int k = 0; k < L; ++k) acc[static_cast<int64_t>(i)][k] = row[static_cast<size_t>(k)];
        }
        parts.push_back(encodeTokens(ids).to(at::kCPU, at::kFloat));
        ctx.report("encode text", static_cast<long long>(start + n), static_cast<long long>(texts.size()));
    }
    if (parts.empty()) return at::zeros({0, embedDim()});
    return at::cat(parts, 0);
}

std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const ModelPack& pack, const std::string& device) {
    if (pack.kind == "clip-torchscript") return std::make_unique<TorchScriptClip>(pack, device);
    if (pack.kind == "demo-native") return std::make_unique<DemoClip>(pack, device);
    throw SynoodError("pack kind '" + pack.kind + "' is not a vision-language model this build can load",
                      pack.dir + "/pack.json", "use a clip-torchscript pack");
}

std::unique_ptr<VisionLanguageModel> loadVisionLanguageModel(const std::string& path, const std::string& device) {
    return loadVisionLanguageModel(ModelPack::load(path), device);
}

}  // namespace synood
