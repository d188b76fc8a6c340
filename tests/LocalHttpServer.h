#pragma once
// A small HTTP server on 127.0.0.1 for tests (an MLLM endpoint's stand-in): it answers each
// connection with reply() and keeps every request's raw text.
#include <nlohmann/json.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <functional>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

struct Reply {
    int status = 200;
    std::string body;
    int delayMs = 0;
};

class LocalHttpServer {
public:
    explicit LocalHttpServer(std::function<Reply()> reply) : m_reply(std::move(reply)) {
        m_fd = socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        if (bind(m_fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || listen(m_fd, 8) != 0) {
            throw std::runtime_error("cannot listen on 127.0.0.1");
        }
        socklen_t len = sizeof addr;
        getsockname(m_fd, reinterpret_cast<sockaddr*>(&addr), &len);
        m_port = ntohs(addr.sin_port);
        m_thread = std::thread([this] { serve(); });
    }
    ~LocalHttpServer() {
        m_stop = true;
        shutdown(m_fd, SHUT_RDWR);
        close(m_fd);
        m_thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(m_port) + "/v1/"; }
    std::vector<std::string> requests() {
        std::lock_guard<std::mutex> lock(m_mutex);
        return m_requests;
    }

private:
    void serve() {
        while (!m_stop) {
            const int c = accept(m_fd, nullptr, nullptr);
            if (c < 0) return;
            std::string request;
            char buffer[65536];
            size_t need = std::string::npos;
            while (need == std::string::npos || request.size() < need) {
                const ssize_t n = read(c, buffer, sizeof buffer);
                if (n <= 0) break;
                request.append(buffer, static_cast<size_t>(n));
                const size_t headerEnd = request.find("\r\n\r\n");
                if (need == std::string::npos && headerEnd != std::string::npos) {
                    const size_t cl = request.find("Content-Length: ");
                    need = headerEnd + 4 + (cl == std::string::npos ? 0 : std::stoul(request.substr(cl + 16)));
                }
            }
            {
                std::lock_guard<std::mutex> lock(m_mutex);
                m_requests.push_back(request);
            }
            const Reply r = m_reply();
            std::this_thread::sleep_for(std::chrono::milliseconds(r.delayMs));
            const std::string response = "HTTP/1.1 " + std::to_string(r.status) + " X\r\nContent-Type: application/json\r\n" +
                                         "Content-Length: " + std::to_string(r.body.size()) + "\r\nConnection: close\r\n\r\n" + r.body;
            if (write(c, response.data(), response.size()) < 0) { /* the client gave up (timeout test) */
            }
            close(c);
        }
    }
    std::function<Reply()> m_reply;
    int m_fd = -1;
    int m_port = 0;
    std::atomic<bool> m_stop{false};
    std::thread m_thread;
    std::mutex m_mutex;
    std::vector<std::string> m_requests;
};

std::string completion(const std::string& content) {
    return nlohmann::json{{"choices", {{{"message", {{"role", "assistant"}, {"content", content}}}}}}}.dump();
}

}  // namespace
