#pragma once

class GalleryModel;
class Library;
class ModelCatalog;
class SecretStore;
class Settings;
class TaskService;

// Everything the window works with, built by the caller (dependency injection; no singletons).
struct WindowServices
{
    const ModelCatalog *catalog = nullptr;
    Settings *settings = nullptr;
    SecretStore *secrets = nullptr;
    Library *library = nullptr;
    TaskService *tasks = nullptr;
    GalleryModel *gallery = nullptr; // the library's images, with thumbnails
};
