-- 0003 default sources (../shared/spec/sources.md). Runs once, as every migration does, so an
-- admin's later edits and removals win; ON CONFLICT keeps a re-run harmless.

INSERT INTO sources (name, kind, relevance_mode, url) VALUES
    ('NCI News Releases', 'news', 'immunotherapy-only', 'https://www.cancer.gov/publishedcontent/rss/syndication/rss/ncinewsreleases.rss'),
    ('NCI Cancer Currents Blog', 'news', 'immunotherapy-only', 'https://www.cancer.gov/publishedcontent/rss/news-events/cancer-currents-blog.rss'),
    ('ClinicalTrials.gov: new cancer immunotherapy studies', 'trials', 'all', 'https://clinicaltrials.gov/api/rss?cond=cancer&term=immunotherapy&dateField=StudyFirstPostDate'),
    ('ClinicalTrials.gov: updated cancer immunotherapy studies', 'trials', 'all', 'https://clinicaltrials.gov/api/rss?cond=cancer&term=immunotherapy&dateField=LastUpdatePostDate'),
    ('Journal for ImmunoTherapy of Cancer', 'journal', 'all', 'https://jitc.bmj.com/rss/current.xml'),
    ('Cancer Immunology Research', 'journal', 'all', 'https://aacrjournals.org/cancerimmunolres/rss/ahead'),
    ('Nature Cancer', 'journal', 'immunotherapy-only', 'https://www.nature.com/natcancer.rss'),
    ('Nature Reviews Clinical Oncology', 'journal', 'immunotherapy-only', 'https://www.nature.com/nrclinonc.rss'),
    ('Journal of Clinical Oncology', 'journal', 'immunotherapy-only', 'https://ascopubs.org/action/showFeed?type=etoc&feed=rss&jc=jco'),
    ('The Lancet Oncology', 'journal', 'immunotherapy-only', 'https://www.thelancet.com/rssfeed/lanonc_current.xml'),
    ('Annals of Oncology', 'journal', 'immunotherapy-only', 'https://www.annalsofoncology.org/current.rss'),
    ('Cancer Discovery', 'journal', 'immunotherapy-only', 'https://aacrjournals.org/cancerdiscovery/rss/ahead'),
    ('Clinical Cancer Research', 'journal', 'immunotherapy-only', 'https://aacrjournals.org/clincancerres/rss/ahead'),
    ('The New England Journal of Medicine', 'journal', 'immunotherapy-only', 'https://www.nejm.org/action/showFeed?jc=nejm&type=etoc&feed=rss'),
    ('bioRxiv: Cancer Biology', 'preprint', 'immunotherapy-only', 'https://connect.biorxiv.org/biorxiv_xml.php?subject=cancer_biology')
ON CONFLICT (url) DO NOTHING;

INSERT INTO source_fetch_state (source_id)
SELECT id FROM sources
ON CONFLICT (source_id) DO NOTHING;
